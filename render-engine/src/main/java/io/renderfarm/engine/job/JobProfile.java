package io.renderfarm.engine.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What a job needs and how it is run: the render package and a version constraint, hardware requirements,
 * chunking, retries, timeouts, threads per slot and the preview pass. Immutable; change it with the
 * {@code with…} methods.
 *
 * @param name               a short name users pick the profile by ({@code cycles}, {@code povray-draft})
 * @param renderer           the render package: {@code blender} or {@code povray}
 * @param versionConstraint  which versions of it may render, see {@link io.renderfarm.engine.capability.VersionConstraint}
 * @param requirements       hardware a render server must offer
 * @param chunkSize          frames per chunk; 0 sizes chunks automatically from measured frame times
 * @param retries            how often a chunk is retried after a failure before its frames fail the job
 * @param blocklistThreshold failures of one slot within this job after which the slot is not used for it again
 * @param maxChunkTime       a chunk running longer is killed and retried; {@link Duration#ZERO} means no limit
 * @param stallTimeout       a renderer printing no progress for this long is killed and retried; ZERO means no limit
 * @param threadsPerSlot     render threads given to each renderer process; 0 lets the renderer decide
 * @param preview            the preview pass
 * @param remoteWaitThreshold with {@code where=auto}, an estimated local wait above this sends the job to a remote site
 */
public record JobProfile(
        String name,
        String renderer,
        String versionConstraint,
        Requirements requirements,
        int chunkSize,
        int retries,
        int blocklistThreshold,
        Duration maxChunkTime,
        Duration stallTimeout,
        int threadsPerSlot,
        PreviewSettings preview,
        Duration remoteWaitThreshold) implements Serializable {

    public JobProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(renderer, "renderer");
        versionConstraint = versionConstraint == null ? "" : versionConstraint.strip();
        requirements = requirements == null ? Requirements.NONE : requirements;
        maxChunkTime = maxChunkTime == null ? Duration.ZERO : maxChunkTime;
        stallTimeout = stallTimeout == null ? Duration.ZERO : stallTimeout;
        preview = preview == null ? PreviewSettings.DEFAULT : preview;
        remoteWaitThreshold = remoteWaitThreshold == null ? Duration.ofMinutes(5) : remoteWaitThreshold;
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be 0 (automatic) or positive, got " + chunkSize);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, got " + retries);
        }
        if (blocklistThreshold < 1) {
            throw new IllegalArgumentException("blocklist threshold must be at least 1, got " + blocklistThreshold);
        }
        if (threadsPerSlot < 0) {
            throw new IllegalArgumentException("threads per slot must not be negative, got " + threadsPerSlot);
        }
        if (maxChunkTime.isNegative() || stallTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }

    /** Defaults a studio would start from: automatic chunks, 3 retries, blocklist after 3 failures, stall after 5 min. */
    public static JobProfile defaults(String renderer) {
        return new JobProfile(renderer, renderer, "", Requirements.NONE, 0, 3, 3, Duration.ZERO,
                Duration.ofMinutes(5), 0, PreviewSettings.DEFAULT, Duration.ofMinutes(5));
    }

    public JobProfile withName(String value) {
        return new JobProfile(value, renderer, versionConstraint, requirements, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withRenderer(String value) {
        return new JobProfile(name, value, versionConstraint, requirements, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withVersionConstraint(String value) {
        return new JobProfile(name, renderer, value, requirements, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withRequirements(Requirements value) {
        return new JobProfile(name, renderer, versionConstraint, value, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withChunkSize(int value) {
        return new JobProfile(name, renderer, versionConstraint, requirements, value, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withRetries(int value) {
        return new JobProfile(name, renderer, versionConstraint, requirements, chunkSize, value, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withBlocklistThreshold(int value) {
        return new JobProfile(name, renderer, versionConstraint, requirements, chunkSize, retries, value,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withTimeouts(Duration maxChunk, Duration stall) {
        return new JobProfile(name, renderer, versionConstraint, requirements, chunkSize, retries, blocklistThreshold,
                maxChunk, stall, threadsPerSlot, preview, remoteWaitThreshold);
    }

    public JobProfile withThreadsPerSlot(int value) {
        return new JobProfile(name, renderer, versionConstraint, requirements, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, value, preview, remoteWaitThreshold);
    }

    public JobProfile withPreview(PreviewSettings value) {
        return new JobProfile(name, renderer, versionConstraint, requirements, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, value, remoteWaitThreshold);
    }

    public JobProfile withRemoteWaitThreshold(Duration value) {
        return new JobProfile(name, renderer, versionConstraint, requirements, chunkSize, retries, blocklistThreshold,
                maxChunkTime, stallTimeout, threadsPerSlot, preview, value);
    }
}
