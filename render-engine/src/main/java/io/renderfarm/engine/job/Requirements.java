package io.renderfarm.engine.job;

import java.io.Serializable;

/**
 * Hardware a render server must offer for a job: at least {@code minCores} cores, at least {@code minRamMb}
 * MiB of memory, and a GPU when {@code gpu} is true. Zero means "no requirement".
 */
public record Requirements(int minCores, long minRamMb, boolean gpu) implements Serializable {
    public static final Requirements NONE = new Requirements(0, 0, false);

    public Requirements {
        if (minCores < 0) {
            throw new IllegalArgumentException("minCores must not be negative, got " + minCores);
        }
        if (minRamMb < 0) {
            throw new IllegalArgumentException("minRamMb must not be negative, got " + minRamMb);
        }
    }
}
