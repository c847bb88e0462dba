package io.renderfarm.engine.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A renderer process's temporary folder, made inside a folder the farm owns and deletes, and the environment that
 * points the renderer at it.
 *
 * <p>Why: Blender makes {@code $TMPDIR/blender_XXXXXX} at every start and removes it only when it exits by itself.
 * The farm kills renderers (cancel, a resident Blender's idle end, a process replaced for another scene), and each
 * kill left a folder in {@code /tmp} (about 1,400 in a day of this project's tests), with whatever Blender had
 * written there (render buffers saved to disk, for one). A folder of the farm's goes with the process.
 */
public final class RendererTemp {
    /** The variable Blender (and the C library, and Python's {@code tempfile}) read the temporary folder from. */
    public static final String VARIABLE = "TMPDIR";

    private RendererTemp() {
    }

    /** Creates a fresh, empty temporary folder for one renderer process inside {@code parent} (created if needed). */
    public static Path create(Path parent) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "tmp-");
    }

    /** The environment entries that make a renderer use {@code folder} for its temporary files. */
    public static Map<String, String> environment(Path folder) {
        return Map.of(VARIABLE, folder.toAbsolutePath().toString());
    }
}
