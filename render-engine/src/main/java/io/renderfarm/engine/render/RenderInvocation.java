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
    /** An invocation writing the scene's own format on the CPU that runs no scene scripts. */
    public RenderInvocation(
            String executable, Path scene, FrameSet frames, Path outputDir, int threads, Quality quality) {
        this(executable, scene, frames, outputDir, threads, quality, OutputFormat.SCENE, false, null);
    }

    /** An invocation on the CPU that runs no scene scripts. */
    public RenderInvocation(
            String executable,
            Path scene,
            FrameSet frames,
            Path outputDir,
            int threads,
            Quality quality,
            OutputFormat format) {
        this(executable, scene, frames, outputDir, threads, quality, format, false, null);
    }

    /** An invocation writing the scene's own format on the CPU. */
    public RenderInvocation(
            String executable,
            Path scene,
            FrameSet frames,
            Path outputDir,
            int threads,
            Quality quality,
            boolean allowScripts) {
        this(executable, scene, frames, outputDir, threads, quality, OutputFormat.SCENE, allowScripts, null);
    }

    /** An invocation writing the scene's own format that runs no scene scripts. */
    public RenderInvocation(
            String executable,
            Path scene,
            FrameSet frames,
            Path outputDir,
            int threads,
            Quality quality,
            GpuBackend gpu) {
        this(executable, scene, frames, outputDir, threads, quality, OutputFormat.SCENE, false, gpu);
    }

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
}
