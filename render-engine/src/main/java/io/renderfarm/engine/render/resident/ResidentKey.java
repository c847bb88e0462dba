package io.renderfarm.engine.render.resident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What makes a resident Blender process reusable for a chunk: the same program and the same scene file (by
 * absolute path, and by size and modification time, so a re-saved scene is loaded again). Quality and render
 * threads are not part of it: the driver sets them per frame.
 */
public record ResidentKey(String executable, Path scene, long sceneBytes, long sceneModifiedMillis) {
    public ResidentKey {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(scene, "scene");
    }

    /** The key of {@code scene} as it is on disk now. */
    public static ResidentKey of(String executable, Path scene) throws IOException {
        Path absolute = scene.toAbsolutePath().normalize();
        return new ResidentKey(executable, absolute, Files.size(absolute), Files.getLastModifiedTime(absolute).toMillis());
    }
}
