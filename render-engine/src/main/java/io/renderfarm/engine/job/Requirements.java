package io.renderfarm.engine.job;

import java.io.Serializable;

/**
 * Hardware a render server must offer for a job: at least {@code minCores} cores, at least {@code minRamMb}
 * MiB of memory, and, when {@code gpu} is true (the profile's {@code device: gpu}), a GPU to render on, of
 * {@code gpuBackend} unless that is {@link GpuBackend#ANY}. Zero means "no requirement".
 */
public record Requirements(int minCores, long minRamMb, boolean gpu, GpuBackend gpuBackend) implements Serializable {
    public static final Requirements NONE = new Requirements(0, 0, false);

    /** Requirements with any GPU backend. */
    public Requirements(int minCores, long minRamMb, boolean gpu) {
        this(minCores, minRamMb, gpu, GpuBackend.ANY);
    }

    public Requirements {
        gpuBackend = gpuBackend == null ? GpuBackend.ANY : gpuBackend;
        if (!gpu && gpuBackend != GpuBackend.ANY) {
            throw new IllegalArgumentException("gpuBackend " + gpuBackend.wireName() + " needs device: gpu");
        }
        if (minCores < 0) {
            throw new IllegalArgumentException("minCores must not be negative, got " + minCores);
        }
        if (minRamMb < 0) {
            throw new IllegalArgumentException("minRamMb must not be negative, got " + minRamMb);
        }
    }
}
