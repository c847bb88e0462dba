package io.renderfarm.engine.render.resident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What makes a resident Blender process reusable for a chunk: the same program, the same scene file (by absolute
 * path, and by size and modification time, so a re-saved scene is loaded again) and the same answer to whether the
 * scene's scripts may run (decided when the scene is loaded). Quality and render threads are not part of it: the
 * driver sets them per frame.
 */
public record ResidentKey(
        String executable, Path scene, long sceneBytes, long sceneModifiedMillis, boolean allowScripts) {
    public ResidentKey {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(scene, "scene");
    }

    /** A key for a process that runs no scene scripts. */
    public ResidentKey(String executable, Path scene, long sceneBytes, long sceneModifiedMillis) {
        this(executable, scene, sceneBytes, sceneModifiedMillis, false);
    }

    /** The key of {@code scene} as it is on disk now, its scripts not run. */
    public static ResidentKey of(String executable, Path scene) throws IOException {
        return of(executable, scene, false);
    }

    /** The key of {@code scene} as it is on disk now. */
    public static ResidentKey of(String executable, Path scene, boolean allowScripts) throws IOException {
        Path absolute = scene.toAbsolutePath().normalize();
        return new ResidentKey(
                executable,
                absolute,
                Files.size(absolute),
                Files.getLastModifiedTime(absolute).toMillis(),
                allowScripts);
    }
}
