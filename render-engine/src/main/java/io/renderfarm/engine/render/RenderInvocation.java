package io.renderfarm.engine.render;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.OutputFormat;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One renderer process's work: render {@code frames} of {@code scene} into {@code outputDir}.
 *
 * @param executable the renderer program (a name looked up on PATH, or a path)
 * @param scene      the scene file
 * @param frames     the frames; an arithmetic progression (see {@link FrameSet#step()}) so one process can take it
 * @param outputDir  an empty scratch folder the renderer writes into; frames are discovered from its output
 * @param threads    render threads, 0 for the renderer's default
 * @param quality    final or preview
 * @param format     the image format of final frames (previews are always 8-bit PNG)
 * @param allowScripts whether the renderer may run scripts the scene carries (Blender's auto-run Python)
 * @param gpu        the GPU backend to render with (the process sees only its slot's GPU), null to render on the CPU
 * @see #builder()
 */
public record RenderInvocation(
        String executable,
        Path scene,
        FrameSet frames,
        Path outputDir,
        int threads,
        Quality quality,
        OutputFormat format,
        boolean allowScripts,
        GpuBackend gpu) {
    public RenderInvocation {
        format = format == null ? OutputFormat.SCENE : format;
        if (gpu == GpuBackend.ANY) {
            throw new IllegalArgumentException("an invocation names a concrete GPU backend, not 'any'");
        }
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(scene, "scene");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(quality, "quality");
        if (frames == null || frames.isEmpty() || frames.step() == 0) {
            throw new IllegalArgumentException(
                    "a renderer invocation needs a non-empty arithmetic frame progression, got " + frames);
        }
    }

    /**
     * A builder whose callers name what they set: the executable, scene, frames and output folder are required;
     * the rest defaults to the renderer's threads, {@link Quality#FINAL final} quality, the scene's own format, no
     * scene scripts and the CPU.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects an invocation's values; {@link #build()} validates them like the constructor. */
    public static final class Builder {
        private String executable;
        private Path scene;
        private FrameSet frames;
        private Path outputDir;
        private int threads;
        private Quality quality = Quality.FINAL;
        private OutputFormat format = OutputFormat.SCENE;
        private boolean allowScripts;
        private GpuBackend gpu;

        private Builder() {}

        public Builder executable(String value) {
            executable = value;
            return this;
        }

        public Builder scene(Path value) {
            scene = value;
            return this;
        }

        public Builder frames(FrameSet value) {
            frames = value;
            return this;
        }

        public Builder outputDir(Path value) {
            outputDir = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder quality(Quality value) {
            quality = value;
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

        public Builder gpu(GpuBackend value) {
            gpu = value;
            return this;
        }

        public RenderInvocation build() {
            return new RenderInvocation(
                    executable, scene, frames, outputDir, threads, quality, format, allowScripts, gpu);
        }
    }
}
