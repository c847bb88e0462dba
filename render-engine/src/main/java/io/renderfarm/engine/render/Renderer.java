package io.renderfarm.engine.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    /** argv that renders the invocation's frames into its output folder. */
    List<String> command(RenderInvocation invocation);

    /** A fresh parser for one process of this invocation. */
    OutputParser newParser(RenderInvocation invocation);

    /**
     * What a process of this invocation may read and write when the farm confines it ({@link RendererSandbox});
     * empty when this renderer runs unconfined.
     */
    default java.util.Optional<FileAccess> fileAccess(RenderInvocation invocation) {
        return java.util.Optional.empty();
    }
}
