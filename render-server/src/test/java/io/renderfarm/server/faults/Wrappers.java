package io.renderfarm.server.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Wrapper scripts around the real renderers, put first on a site's {@code PATH} under the renderer's own name: the
 * real program still renders; the script only adds the fault (no output, a truncated file, a gate to hold frames).
 * {@code $REAL} in a body is the real program's absolute path.
 */
final class Wrappers {
    private Wrappers() {}

    /** Writes {@code bin/<renderer>} running {@code body}; returns {@code bin}. */
    static Path wrap(Path bin, String renderer, String body) throws IOException {
        Files.createDirectories(bin);
        Path script = bin.resolve(renderer);
        Files.writeString(script, "#!/bin/bash\nREAL='" + real(renderer) + "'\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** The renderer's absolute path on this JVM's {@code PATH}. */
    static String real(String renderer) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, renderer);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException(renderer + " is not on PATH");
    }
}
