package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.job.GpuBackend;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One GPU per slot: which GPU and backend a slot renders with, and the variables that hide every other GPU. */
class GpuAssignmentTest {
    static final GpuDevice RTX_0 = new GpuDevice(
            0,
            "nvidia",
            "NVIDIA GeForce RTX 3090",
            24576,
            "GPU-8a1c7e4b-3f2d-4c1a-9b5e-6d7f8e9a0b1c",
            Set.of(GpuBackend.CUDA, GpuBackend.OPTIX));
    static final GpuDevice RTX_1 = new GpuDevice(
            1,
            "nvidia",
            "NVIDIA GeForce RTX 3090",
            24576,
            "GPU-2f6d9c3a-7b8e-4d5f-a1c2-3e4f5a6b7c8d",
            Set.of(GpuBackend.CUDA, GpuBackend.OPTIX));
    static final GpuDevice K5000 = new GpuDevice(1, "nvidia", "Quadro K5000", 4036, "", Set.of(GpuBackend.CUDA));
    static final GpuDevice RX7900 = new GpuDevice(0, "amd", "Navi 31", 24560, "", Set.of(GpuBackend.HIP));
    static final GpuDevice ARC =
            new GpuDevice(0, "intel", "Intel GPU 0x56a0 (renderD128)", 0, "", Set.of(GpuBackend.ONEAPI));

    @Test
    void shouldPickTheBestBackendForAnyAndTheNamedOneOtherwise() {
        assertThat(GpuAssignment.of(RTX_0, GpuBackend.ANY)).hasValue(new GpuAssignment(RTX_0, GpuBackend.OPTIX));
        assertThat(GpuAssignment.of(RTX_0, GpuBackend.CUDA)).hasValue(new GpuAssignment(RTX_0, GpuBackend.CUDA));
        assertThat(GpuAssignment.of(K5000, GpuBackend.ANY)).hasValue(new GpuAssignment(K5000, GpuBackend.CUDA));
        assertThat(GpuAssignment.of(K5000, GpuBackend.OPTIX)).isEmpty();
        assertThat(GpuAssignment.of(RX7900, GpuBackend.ANY)).hasValue(new GpuAssignment(RX7900, GpuBackend.HIP));
        assertThat(GpuAssignment.of(ARC, GpuBackend.ANY)).hasValue(new GpuAssignment(ARC, GpuBackend.ONEAPI));
        assertThat(GpuAssignment.of(RX7900, GpuBackend.CUDA)).isEmpty();
    }

    @Test
    void shouldLeaveTheRendererOnlyItsOwnGpu() {
        assertThat(GpuAssignment.environmentOf(RTX_1))
                .isEqualTo(Map.of(
                        "CUDA_DEVICE_ORDER",
                        "PCI_BUS_ID",
                        "CUDA_VISIBLE_DEVICES",
                        "GPU-2f6d9c3a-7b8e-4d5f-a1c2-3e4f5a6b7c8d"));
        assertThat(GpuAssignment.environmentOf(K5000))
                .as("by index in PCI bus order when there is no UUID")
                .isEqualTo(Map.of("CUDA_DEVICE_ORDER", "PCI_BUS_ID", "CUDA_VISIBLE_DEVICES", "1"));
        assertThat(GpuAssignment.environmentOf(RX7900)).isEqualTo(Map.of("HIP_VISIBLE_DEVICES", "0"));
        assertThat(GpuAssignment.environmentOf(ARC)).isEqualTo(Map.of("ONEAPI_DEVICE_SELECTOR", "level_zero:0"));
    }

    @Test
    void shouldMapEachJenkinsExecutorToTheGpuOfItsNumber() {
        List<GpuDevice> gpus = List.of(RTX_0, RTX_1);

        assertThat(GpuAssignment.forExecutor(0, gpus)).hasValue(RTX_0);
        assertThat(GpuAssignment.forExecutor(1, gpus)).hasValue(RTX_1);
        assertThat(GpuAssignment.forExecutor(2, gpus))
                .as("an executor beyond the GPUs renders on none")
                .isEmpty();
        assertThat(GpuAssignment.forExecutor(0, List.of())).isEmpty();
    }
}
