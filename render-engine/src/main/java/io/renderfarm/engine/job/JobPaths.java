package io.renderfarm.engine.job;

import java.util.regex.Pattern;

/**
 * Checks the paths a client names when it submits a job to a host that keeps files in a workspace and an output
 * folder (the Jenkins plugin): the scene, relative to the workspace or absolute on shared storage, and the folder
 * frames are stored under. Refusals throw {@link IllegalArgumentException} with a message a person can act on.
 */
public final class JobPaths {
    private static final Pattern SAFE_DIR = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^[A-Za-z]:[\\\\/].*");

    private JobPaths() {}

    /**
     * A workspace scene must stay inside the workspace (relative, no {@code ..}); a scene on shared storage must be
     * an absolute path every render server can open.
     *
     * @return the scene, trimmed
     */
    public static String checkScene(String scene, boolean sharedStorage) {
        String s = scene == null ? "" : scene.strip();
        String slashed = s.replace('\\', '/');
        if (s.isEmpty() || slashed.contains("../") || slashed.endsWith("..")) {
            throw new IllegalArgumentException("scene '" + s + "' must name a scene file without '..'");
        }
        if (sharedStorage != isAbsolute(s)) {
            throw new IllegalArgumentException(
                    sharedStorage
                            ? "scenes of this profile are read from shared storage, so the scene must be an absolute path"
                            : "scenes of this profile are copied from the workspace, so the scene must be a path relative to it");
        }
        return s;
    }

    /** Whether a path is absolute on Unix or Windows, whatever the platform this runs on. */
    public static boolean isAbsolute(String path) {
        return path.startsWith("/") || WINDOWS_ABSOLUTE.matcher(path).matches();
    }

    /**
     * An output folder is relative, '/'-separated, made of letters, digits, '_', '-' and '.', without {@code ..}.
     *
     * @return the folder, trimmed
     */
    public static String checkOutputFolder(String folder) {
        String f = folder == null ? "" : folder.strip();
        if (!SAFE_DIR.matcher(f).matches() || f.contains("..")) {
            throw new IllegalArgumentException(
                    "the artifact folder '" + f + "' must be a relative folder such as renders/sh010");
        }
        return f;
    }
}
