package io.renderfarm.engine.capability;

import io.renderfarm.engine.job.GpuBackend;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * One GPU of a render server, as its vendor's tool lists it.
 *
 * @param index    its number in that tool's list ({@code nvidia-smi}, {@code rocm-smi}), or the render node's
 *                 order for {@code /dev/dri}
 * @param vendor   {@code nvidia}, {@code amd} or {@code intel}
 * @param name     the product name ({@code NVIDIA GeForce RTX 3090})
 * @param memoryMb its memory in MiB, 0 when not known
 * @param uuid     a stable id the vendor's runtime accepts in place of the index ({@code GPU-…}), or empty
 * @param backends the compute backends Blender can render with on it
 */
public record GpuDevice(int index, String vendor, String name, long memoryMb, String uuid, Set<GpuBackend> backends)
        implements Serializable {
    public GpuDevice {
        Objects.requireNonNull(vendor, "vendor");
        name = name == null ? "" : name;
        uuid = uuid == null ? "" : uuid;
        backends = Set.copyOf(backends);
        if (backends.contains(GpuBackend.ANY)) {
            throw new IllegalArgumentException("a GPU offers concrete backends, not 'any'");
        }
    }

    /** Whether a job asking for {@code backend} can render on it. */
    public boolean offers(GpuBackend backend) {
        return backend == GpuBackend.ANY ? !backends.isEmpty() : backends.contains(backend);
    }

    /** What {@code any} means here: OptiX over CUDA on NVIDIA, else its one backend. */
    public GpuBackend best() {
        for (GpuBackend b : new GpuBackend[] {GpuBackend.OPTIX, GpuBackend.CUDA, GpuBackend.HIP, GpuBackend.ONEAPI}) {
            if (backends.contains(b)) {
                return b;
            }
        }
        throw new IllegalStateException("GPU " + index + " (" + name + ") offers no backend");
    }
}
