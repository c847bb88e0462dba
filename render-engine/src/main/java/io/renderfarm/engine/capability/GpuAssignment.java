package io.renderfarm.engine.capability;

import io.renderfarm.engine.job.GpuBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one GPU a render slot renders on, and the backend it renders with there (Deadline's GPU affinity): the
 * renderer is started with only that device visible, so N GPUs give N slots that never share a card.
 *
 * @param gpu     the slot's GPU
 * @param backend a concrete backend the GPU offers (never {@link GpuBackend#ANY})
 */
public record GpuAssignment(GpuDevice gpu, GpuBackend backend) {
    public GpuAssignment {
        if (!gpu.offers(backend) || backend == GpuBackend.ANY) {
            throw new IllegalArgumentException(
                    "GPU " + gpu.index() + " (" + gpu.name() + ") does not offer " + backend);
        }
    }

    /** The slot's GPU for a job asking for {@code requested} ({@code any}: the best it offers); empty when it lacks it. */
    public static Optional<GpuAssignment> of(GpuDevice gpu, GpuBackend requested) {
        if (!gpu.offers(requested)) {
            return Optional.empty();
        }
        return Optional.of(new GpuAssignment(gpu, requested == GpuBackend.ANY ? gpu.best() : requested));
    }

    /**
     * The GPU a Jenkins agent's executor renders on: executor {@code n} takes the {@code n}th GPU (in the vendor
     * tool's order), as slot {@code gpu-n} does on a site; executors beyond the GPUs have none.
     */
    public static Optional<GpuDevice> forExecutor(int executor, List<GpuDevice> gpus) {
        return executor >= 0 && executor < gpus.size() ? Optional.of(gpus.get(executor)) : Optional.empty();
    }

    /**
     * The variables that leave the renderer only this GPU: NVIDIA's by UUID ({@code CUDA_VISIBLE_DEVICES}, with PCI bus
     * order so an index means what {@code nvidia-smi} says), AMD's by index ({@code HIP_VISIBLE_DEVICES}), Intel's
     * through {@code ONEAPI_DEVICE_SELECTOR}.
     */
    public Map<String, String> environment() {
        return environmentOf(gpu);
    }

    /** {@link #environment()} of a GPU, whichever backend renders on it. */
    public static Map<String, String> environmentOf(GpuDevice gpu) {
        Map<String, String> env = new LinkedHashMap<>();
        String index = Integer.toString(gpu.index());
        switch (gpu.vendor()) {
            case "nvidia" -> {
                env.put("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
                env.put("CUDA_VISIBLE_DEVICES", gpu.uuid().isEmpty() ? index : gpu.uuid());
            }
            case "amd" -> env.put("HIP_VISIBLE_DEVICES", index);
            case "intel" -> env.put("ONEAPI_DEVICE_SELECTOR", "level_zero:" + index);
            default -> throw new IllegalStateException("unknown GPU vendor " + gpu.vendor());
        }
        return Map.copyOf(env);
    }
}
