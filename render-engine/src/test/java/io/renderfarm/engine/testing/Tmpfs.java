package io.renderfarm.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small RAM file system for the tests that fill a disk for real. Mounting needs root; callers skip without it. */
public final class Tmpfs {
    private Tmpfs() {}

    /** Mounts a tmpfs of {@code size} ({@code 48k}, {@code 32m}) on {@code dir}; false where that is not allowed. */
    public static boolean mount(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .redirectErrorStream(true)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Detaches it at once, even while a killed renderer's files are still being closed. */
    public static void unmount(Path dir) throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor();
    }
}
