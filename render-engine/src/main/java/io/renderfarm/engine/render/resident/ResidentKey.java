package io.renderfarm.engine.render.resident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What makes a resident Blender process reusable for a chunk: the same program, the same scene file (by absolute
 * path, and by size and modification time, so a re-saved scene is loaded again) and the same render threads.
 * Quality is not part of it: the driver sets preview or final quality per frame.
 */
public record ResidentKey(String executable, Path scene, long sceneBytes, long sceneModifiedMillis, int threads) {
    public ResidentKey {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(scene, "scene");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative, got " + threads);
        }
    }

    /** The key of {@code scene} as it is on disk now. */
    public static ResidentKey of(String executable, Path scene, int threads) throws IOException {
        Path absolute = scene.toAbsolutePath().normalize();
        return new ResidentKey(executable, absolute, Files.size(absolute),
                Files.getLastModifiedTime(absolute).toMillis(), threads);
    }
}
