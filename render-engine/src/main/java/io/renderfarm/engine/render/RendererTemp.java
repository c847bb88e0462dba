package io.renderfarm.engine.render;

import io.renderfarm.engine.store.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts renderer processes with a temporary folder of their own, made inside a folder the farm owns and deleted
 * once the process has exited, however it ended, and with only the environment a renderer needs
 * ({@link RendererEnvironment}).
 *
 * <p>Why: Blender makes {@code $TMPDIR/blender_XXXXXX} at every start and removes it only when it exits by itself.
 * The farm kills renderers (cancel, a resident Blender's idle end, a process replaced for another scene), and each
 * kill left a folder in {@code /tmp} (about 1,400 in a day of this project's tests), with whatever Blender had
 * written there (render buffers saved to disk, for one). A folder of the farm's goes with the process.
 */
public final class RendererTemp {
    /** The variable Blender (and the C library, and Python's {@code tempfile}) read the temporary folder from. */
    public static final String VARIABLE = "TMPDIR";

    private RendererTemp() {}

    /**
     * Starts {@code builder}'s process with {@link #VARIABLE} on a fresh folder inside {@code parent} (created if
     * needed); the folder is deleted when the process exits, or at once when it cannot start. Its environment is
     * what {@link RendererEnvironment} passes on of the builder's, then {@code variables}, then {@link #VARIABLE}.
     *
     * @param variables what this renderer needs set besides (an adapter's own settings)
     * @throws IOException when the folder cannot be made or the program cannot be started
     */
    public static Process start(ProcessBuilder builder, Path parent, Map<String, String> variables) throws IOException {
        return startTracked(builder, parent, variables).process();
    }

    /**
     * As {@link #start}, also returning when the folder is gone, for callers that hand the work folder on once the
     * renderer has exited (the deletion runs on the process's exit, a moment after {@link Process#waitFor()}).
     */
    public static Started startTracked(ProcessBuilder builder, Path parent, Map<String, String> variables)
            throws IOException {
        Files.createDirectories(parent);
        Path folder = Files.createTempDirectory(parent, "tmp-");
        Map<String, String> environment = builder.environment();
        Map<String, String> passed = RendererEnvironment.of(environment);
        environment.clear();
        environment.putAll(passed);
        environment.putAll(variables);
        environment.put(VARIABLE, folder.toAbsolutePath().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Folders.delete(folder);
            throw e;
        }
        return new Started(process, process.onExit().thenRun(() -> Folders.delete(folder)));
    }

    /** A started renderer and the deletion of its temporary folder, complete once the folder is gone. */
    public record Started(Process process, CompletableFuture<Void> cleaned) {}
}
