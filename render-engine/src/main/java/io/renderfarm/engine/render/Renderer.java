package io.renderfarm.engine.render;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An adapter for one render package: how to ask its version, how to render a chunk of frames with it (an
 * argv list, never a shell line), and how to read its output. Implementations are stateless and thread-safe.
 */
public interface Renderer {
    /** The package name used in profiles and labels: {@code blender}, {@code povray}. */
    String name();

    /** The program name looked up on PATH by default. */
    String defaultExecutable();

    /** argv that prints the version. */
    List<String> versionCommand(String executable);

    /** The version in the output of {@link #versionCommand}, such as {@code 3.4.1}. */
    Optional<String> parseVersion(String output);

    /** Whether the file looks like a scene of this renderer; a message saying why not otherwise. */
    Optional<String> rejectScene(Path scene);

    /**
     * Why this renderer cannot render these frames (a frame number it would not render as asked); empty when it
     * can. {@link #command} refuses them too; a caller rendering without a command (a resident process) asks this.
     */
    default Optional<String> rejectFrames(FrameSet frames) {
        return Optional.empty();
    }

    /**
     * Whether a render slot may keep one process of this renderer with the scene loaded and feed it chunk after
     * chunk ({@code render.resident}); false runs a process per chunk. The resident driver speaks Blender's Python,
     * so only Blender's adapter says yes.
     */
    default boolean supportsResident() {
        return false;
    }

    /** argv that renders the invocation's frames into its output folder. */
    List<String> command(RenderInvocation invocation);

    /** A fresh parser for one process of this invocation. */
    OutputParser newParser(RenderInvocation invocation);

    /** Frame-number digits of a renderer that has no padding of its own (POV-Ray), and of Blender's {@code #}-less paths. */
    int DEFAULT_PADDING = 4;

    /**
     * The frame-number padding the scene asks for, as seen in a file this renderer wrote for the farm; stored
     * frames are named with it when the job's naming leaves the padding to the scene.
     */
    default int framePadding(Path renderedFile) {
        return DEFAULT_PADDING;
    }

    /** argv that shows which image formats this build writes, read by {@link #parseFormats}; the version command by default. */
    default List<String> formatsCommand(String executable) {
        return versionCommand(executable);
    }

    /**
     * The formats ({@link FrameFormat#SCENE} aside) the output of {@link #formatsCommand} shows this build writes;
     * empty when it does not tell, which leaves a job's format to be tried.
     */
    default Set<FrameFormat> parseFormats(String output) {
        return Set.of();
    }

    /**
     * What a process of this invocation may read and write when the farm confines it ({@link RendererSandbox});
     * empty when this renderer runs unconfined.
     */
    default java.util.Optional<FileAccess> fileAccess(RenderInvocation invocation) {
        return java.util.Optional.empty();
    }
}
