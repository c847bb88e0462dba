package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.job.GpuBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU list from each vendor's tool. This machine has no GPU: the tools' output is stand-in text in their exact
 * formats (see the resources' README), fed through the probe's command runner.
 */
class GpuProbeTest {
    @TempDir
    Path tmp;

    private static String resource(String name) {
        try (InputStream in = GpuProbeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }

    private GpuProbe probe(Map<List<String>, String> outputs) {
        return new GpuProbe(argv -> Optional.ofNullable(outputs.get(argv)), tmp.resolve("dev"), tmp.resolve("sys"));
    }

    @Test
    void shouldListEachNvidiaCardWithCudaAndOptixFromItsComputeCapability() {
        List<GpuDevice> gpus = probe(Map.of(GpuProbe.NVIDIA_QUERY, resource("nvidia-smi-2x-rtx3090.csv")))
                .gpus();

        assertThat(gpus)
                .containsExactly(
                        new GpuDevice(
                                0,
                                "nvidia",
                                "NVIDIA GeForce RTX 3090",
                                24576,
                                "GPU-8a1c7e4b-3f2d-4c1a-9b5e-6d7f8e9a0b1c",
                                Set.of(GpuBackend.CUDA, GpuBackend.OPTIX)),
                        new GpuDevice(
                                1,
                                "nvidia",
                                "NVIDIA GeForce RTX 3090",
                                24576,
                                "GPU-2f6d9c3a-7b8e-4d5f-a1c2-3e4f5a6b7c8d",
                                Set.of(GpuBackend.CUDA, GpuBackend.OPTIX)));
    }

    @Test
    void shouldOfferOnlyCudaOnACardTooOldForOptix() {
        List<GpuDevice> gpus = probe(Map.of(GpuProbe.NVIDIA_QUERY, resource("nvidia-smi-t4-and-k5000.csv")))
                .gpus();

        assertThat(gpus).extracting(GpuDevice::name).containsExactly("Tesla T4", "Quadro K5000");
        assertThat(gpus.get(0).backends()).containsExactlyInAnyOrder(GpuBackend.CUDA, GpuBackend.OPTIX);
        assertThat(gpus.get(1).backends()).containsExactly(GpuBackend.CUDA);
        assertThat(gpus.get(1).memoryMb()).isEqualTo(4036);
    }

    @Test
    void shouldAskAgainWithoutComputeCapabilityWhenTheDriverDoesNotKnowIt() {
        List<GpuDevice> gpus = probe(Map.of(
                        GpuProbe.NVIDIA_QUERY,
                        resource("nvidia-smi-old-driver-compute-cap.txt"),
                        GpuProbe.NVIDIA_QUERY_OLD,
                        resource("nvidia-smi-old-driver.csv")))
                .gpus();

        assertThat(gpus).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("GeForce GTX 1080 Ti");
            assertThat(g.backends())
                    .as("OptiX is not assumed without a compute capability")
                    .containsExactly(GpuBackend.CUDA);
        });
    }

    @Test
    void shouldListAnAmdCardWithHipFromRocmSmi() {
        List<GpuDevice> gpus = probe(Map.of(GpuProbe.AMD_QUERY, resource("rocm-smi-rx7900xtx.json")))
                .gpus();

        assertThat(gpus)
                .containsExactly(new GpuDevice(
                        0, "amd", "Navi 31 [Radeon RX 7900 XT/7900 XTX]", 24560, "", Set.of(GpuBackend.HIP)));
    }

    @Test
    void shouldListIntelRenderNodesWithOneApiAndSkipOtherVendors() throws IOException {
        Files.createDirectories(tmp.resolve("dev/dri"));
        Files.createFile(tmp.resolve("dev/dri/renderD128"));
        Files.createFile(tmp.resolve("dev/dri/renderD129"));
        Path intel = Files.createDirectories(tmp.resolve("sys/class/drm/renderD128/device"));
        Files.writeString(intel.resolve("vendor"), "0x8086\n");
        Files.writeString(intel.resolve("device"), "0x56a0\n");
        Path nvidia = Files.createDirectories(tmp.resolve("sys/class/drm/renderD129/device"));
        Files.writeString(nvidia.resolve("vendor"), "0x10de\n");

        List<GpuDevice> gpus = probe(Map.of()).gpus();

        assertThat(gpus)
                .containsExactly(
                        new GpuDevice(0, "intel", "Intel GPU 0x56a0 (renderD128)", 0, "", Set.of(GpuBackend.ONEAPI)));
    }

    @Test
    void shouldListNothingWhereNoToolAnswers() {
        assertThat(probe(Map.of()).gpus()).isEmpty();
        assertThat(GpuProbe.parseNvidia(
                        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."))
                .isEmpty();
        assertThat(GpuProbe.parseAmd("ERROR: No AMD GPUs specified")).isEmpty();
    }
}
