package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.job.Requirements;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.farm.ChunkWork;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * One chunk as sent to an agent: plain strings and numbers, because the engine's {@link RenderJob} holds a
 * {@link Path} (not serialisable) and paths must be those of the agent, not of the controller.
 */
public final class AgentChunkSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final String key;
    /** The executor that renders it, whose resident Blender it uses ({@code executor-0}, …). */
    final String executor;
    /** That executor's number on its node, which picks its GPU. */
    final int executorNumber;
    final String scratch;
    final int threads;
    final HashMap<String, String> executables;
    /** Whether the controller makes a preview movie (it has ffmpeg), so the agent sends each frame's movie frame. */
    final boolean movieFrames;
    private final String jobId;
    private final String renderer;
    private final String scene;
    private final String frames;
    private final int chunkId;
    private final int attempt;
    private final boolean preview;
    private final int resolutionPercent;
    private final int samples;
    /** The profile's frame format and OpenEXR codec ({@link FrameFormat} names), which the agent's renderer writes. */
    private final String format;
    private final String exrCodec;
    /** Whether the job renders on a GPU, and with which backend ({@code any}, {@code cuda}, …). */
    private final boolean gpu;
    private final String gpuBackend;

    public AgentChunkSpec(ChunkWork work, String key, int executorNumber, String scene, String scratch, int threads,
                   HashMap<String, String> executables) {
        this.key = key;
        this.executor = "executor-" + executorNumber;
        this.executorNumber = executorNumber;
        this.scratch = scratch;
        this.threads = threads;
        this.executables = executables;
        this.movieFrames = SampleMaker.canMakeMovies();
        this.jobId = work.job().id();
        this.renderer = work.job().renderer();
        this.scene = scene;
        this.frames = work.frames().toString();
        this.chunkId = work.chunkId();
        this.attempt = work.attempt();
        this.preview = work.quality().preview();
        this.resolutionPercent = work.quality().resolutionPercent();
        this.samples = work.quality().samples();
        this.format = work.job().profile().format().format().wireName();
        this.exrCodec = work.job().profile().format().exrCodec();
        this.gpu = work.job().profile().requirements().gpu();
        this.gpuBackend = work.job().profile().requirements().gpuBackend().wireName();
    }

    /** The chunk rebuilt on the agent, with the agent's scene path; only what {@code LocalChunk} reads matters. */
    ChunkWork toWork() {
        FrameSet set = FrameSet.parse(frames);
        JobProfile profile = JobProfile.defaults(renderer)
                .withFormat(new OutputFormat(FrameFormat.fromWireName(format), exrCodec))
                .withRequirements(new Requirements(0, 0, gpu, GpuBackend.fromWireName(gpuBackend)));
        RenderJob job = new RenderJob(jobId, Path.of(scene), set, OutputNaming.DEFAULT, profile, List.of());
        return new ChunkWork(chunkId, job, set, new Quality(preview, resolutionPercent, samples), attempt);
    }
}
