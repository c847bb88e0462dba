package io.renderfarm.engine.site.bundle;

import java.nio.file.Path;

/**
 * The rule for names of a job's files, applied by clients before they send and by sites before they write: a
 * relative, '/'-separated path whose every segment is a plain name. Absolute paths, drive letters, backslashes,
 * {@code .} and {@code ..} segments, empty segments and control characters are refused, so no name can leave the
 * job's folder (no path traversal, no zip-slip).
 */
public final class BundlePaths {
    /** Longest accepted path, in characters. */
    public static final int MAX_LENGTH = 1024;

    private static final int MAX_SEGMENT = 255;

    private BundlePaths() {}

    /**
     * Returns {@code path} when it is a safe relative name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a file path must not be empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "file path is longer than " + MAX_LENGTH + " characters: " + abbreviate(path));
        }
        if (path.startsWith("/") || path.contains("\\") || (path.length() > 1 && path.charAt(1) == ':')) {
            throw new IllegalArgumentException("file path '" + abbreviate(path) + "' must be relative and use '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new IllegalArgumentException("file path '" + abbreviate(path) + "' holds a control character");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("file path '" + abbreviate(path)
                        + "' must not have empty, '.' or '..' segments (it would leave the job's folder)");
            }
            if (segment.length() > MAX_SEGMENT) {
                throw new IllegalArgumentException(
                        "a name in file path '" + abbreviate(path) + "' is longer than " + MAX_SEGMENT);
            }
        }
        return path;
    }

    /**
     * Resolves a checked name inside {@code root}, and checks again on the resolved path, so a rule missed above
     * still cannot escape the folder.
     */
    public static Path resolveInside(Path root, String path) {
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(check(path)).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new IllegalArgumentException("file path '" + abbreviate(path) + "' leaves the job's folder");
        }
        return resolved;
    }

    /** The '/'-separated form of a relative path on this platform. */
    public static String of(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    private static String abbreviate(String path) {
        return path.length() > 80 ? path.substring(0, 77) + "..." : path;
    }
}
