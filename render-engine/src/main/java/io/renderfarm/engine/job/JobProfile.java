package io.renderfarm.engine.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What a job needs and how it is run: the render package and a version constraint, hardware requirements,
 * chunking, retries, timeouts, threads per slot, the preview pass, the frames' image format and whether scene
 * scripts may run. Immutable; change it with the {@code with…} methods.
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
 * @param format             the frames' image format: the scene's own, or an override (see {@link OutputFormat})
 * @param allowScripts       whether Blender runs the Python a scene carries (auto-run scripts, Python drivers,
 *                           registered text blocks): false starts it with {@code --disable-autoexec}, true with
 *                           {@code --enable-autoexec}, whatever the render server's Blender preferences say
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
        Duration remoteWaitThreshold,
        OutputFormat format,
        boolean allowScripts)
        implements Serializable {

    public JobProfile {
        format = format == null ? OutputFormat.SCENE : format;
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
        return new JobProfile(
                renderer,
                renderer,
                "",
                Requirements.NONE,
                0,
                3,
                3,
                Duration.ZERO,
                Duration.ofMinutes(5),
                0,
                PreviewSettings.DEFAULT,
                Duration.ofMinutes(5),
                OutputFormat.SCENE,
                false);
    }

    public JobProfile withName(String value) {
        return toBuilder().name(value).build();
    }

    public JobProfile withRenderer(String value) {
        return toBuilder().renderer(value).build();
    }

    public JobProfile withVersionConstraint(String value) {
        return toBuilder().versionConstraint(value).build();
    }

    public JobProfile withRequirements(Requirements value) {
        return toBuilder().requirements(value).build();
    }

    public JobProfile withChunkSize(int value) {
        return toBuilder().chunkSize(value).build();
    }

    public JobProfile withRetries(int value) {
        return toBuilder().retries(value).build();
    }

    public JobProfile withBlocklistThreshold(int value) {
        return toBuilder().blocklistThreshold(value).build();
    }

    public JobProfile withTimeouts(Duration maxChunk, Duration stall) {
        return toBuilder().maxChunkTime(maxChunk).stallTimeout(stall).build();
    }

    public JobProfile withThreadsPerSlot(int value) {
        return toBuilder().threadsPerSlot(value).build();
    }

    public JobProfile withPreview(PreviewSettings value) {
        return toBuilder().preview(value).build();
    }

    public JobProfile withRemoteWaitThreshold(Duration value) {
        return toBuilder().remoteWaitThreshold(value).build();
    }

    public JobProfile withFormat(OutputFormat value) {
        return toBuilder().format(value).build();
    }

    public JobProfile withAllowScripts(boolean value) {
        return toBuilder().allowScripts(value).build();
    }

    /** A builder starting from this profile's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes several fields of a profile at once; {@link #build()} validates like the constructor. */
    public static final class Builder {
        private String name;
        private String renderer;
        private String versionConstraint;
        private Requirements requirements;
        private int chunkSize;
        private int retries;
        private int blocklistThreshold;
        private Duration maxChunkTime;
        private Duration stallTimeout;
        private int threadsPerSlot;
        private PreviewSettings preview;
        private Duration remoteWaitThreshold;
        private OutputFormat format;
        private boolean allowScripts;

        private Builder(JobProfile p) {
            name = p.name;
            renderer = p.renderer;
            versionConstraint = p.versionConstraint;
            requirements = p.requirements;
            chunkSize = p.chunkSize;
            retries = p.retries;
            blocklistThreshold = p.blocklistThreshold;
            maxChunkTime = p.maxChunkTime;
            stallTimeout = p.stallTimeout;
            threadsPerSlot = p.threadsPerSlot;
            preview = p.preview;
            remoteWaitThreshold = p.remoteWaitThreshold;
            format = p.format;
            allowScripts = p.allowScripts;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder renderer(String value) {
            renderer = value;
            return this;
        }

        public Builder versionConstraint(String value) {
            versionConstraint = value;
            return this;
        }

        public Builder requirements(Requirements value) {
            requirements = value;
            return this;
        }

        public Builder chunkSize(int value) {
            chunkSize = value;
            return this;
        }

        public Builder retries(int value) {
            retries = value;
            return this;
        }

        public Builder blocklistThreshold(int value) {
            blocklistThreshold = value;
            return this;
        }

        public Builder maxChunkTime(Duration value) {
            maxChunkTime = value;
            return this;
        }

        public Builder stallTimeout(Duration value) {
            stallTimeout = value;
            return this;
        }

        public Builder threadsPerSlot(int value) {
            threadsPerSlot = value;
            return this;
        }

        public Builder preview(PreviewSettings value) {
            preview = value;
            return this;
        }

        public Builder remoteWaitThreshold(Duration value) {
            remoteWaitThreshold = value;
            return this;
        }

        public Builder format(OutputFormat value) {
            format = value;
            return this;
        }

        public Builder allowScripts(boolean value) {
            allowScripts = value;
            return this;
        }

        public JobProfile build() {
            return new JobProfile(
                    name,
                    renderer,
                    versionConstraint,
                    requirements,
                    chunkSize,
                    retries,
                    blocklistThreshold,
                    maxChunkTime,
                    stallTimeout,
                    threadsPerSlot,
                    preview,
                    remoteWaitThreshold,
                    format,
                    allowScripts);
        }
    }
}
