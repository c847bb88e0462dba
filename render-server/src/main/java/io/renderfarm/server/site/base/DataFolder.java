package io.renderfarm.server.site.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Puts into words why the site cannot write its data folder. SQLite's own message on a full disk is often
 * {@code cannot commit - no transaction is active}, which hides the cause, so the folder's free space decides
 * what the site says. Also refuses a data folder whose jobs its database does not know.
 */
public final class DataFolder {
    /** Below this much usable space a failed write is taken for a full data folder (SQLite grows its files in pages). */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;

    private DataFolder() {}

    /** Why a job stopped because {@code cause} kept the site from recording it in {@code dir}, and what resumes it. */
    public static String problem(Path dir, Exception cause) {
        return full(dir)
                .map(full -> "the site's " + full + ", so it cannot record the job's progress; the job is stopped"
                        + " and resumes when the site restarts with space")
                .orElse("the site cannot record the job's progress in its data folder " + dir + " ("
                        + cause.getMessage() + "); the job is stopped and resumes when the site restarts");
    }

    /**
     * {@code what} went wrong while the site started on {@code dir}: the same words, with the full folder named when
     * that is the likely cause (SQLite then speaks of I/O errors or shared memory, not of space).
     */
    public static String explain(Path dir, String what) {
        return full(dir)
                .map(full -> what + " — the " + full + ": free space there and start the site again; its"
                        + " unfinished jobs then resume")
                .orElse(what);
    }

    /**
     * {@code the site's data folder <dir> is full (<n> KiB free)} when {@code cause} (a failed write) came from a
     * full data folder: the folder is nearly full, or the file system or SQLite said there was no space. Empty for
     * any other failure.
     */
    public static Optional<String> full(Path dir, Throwable cause) {
        Optional<String> full = full(dir);
        if (full.isEmpty() && saysNoSpace(cause)) {
            long free = usableBytes(dir);
            full = Optional.of(
                    "data folder " + dir + " is full" + (free >= 0 ? " (" + free / 1024 + " KiB free)" : ""));
        }
        return full.map(f -> "the site's " + f);
    }

    private static boolean saysNoSpace(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device")
                    || message.contains("SQLITE_FULL")
                    || t instanceof java.nio.file.FileSystemException f
                            && "No space left on device".equals(f.getReason())) {
                return true;
            }
        }
        return false;
    }

    /** {@code data folder <dir> is full (<n> KiB free)} when it nearly is; empty when it is not or cannot be told. */
    private static Optional<String> full(Path dir) {
        long free = usableBytes(dir);
        return free >= 0 && free < NEARLY_FULL_BYTES
                ? Optional.of("data folder " + dir + " is full (" + free / 1024 + " KiB free)")
                : Optional.empty();
    }

    /**
     * Refuses to start a new, empty site in {@code dir} when it holds job folders: their database ({@code site.db})
     * is missing or empty, and a site started on it would not know those jobs.
     *
     * @throws IllegalArgumentException naming the folders
     */
    public static void refuseOrphanedJobs(Path dir) {
        Path jobs = dir.resolve("jobs");
        List<String> folders;
        try (Stream<Path> list = Files.isDirectory(jobs) ? Files.list(jobs) : Stream.empty()) {
            folders = list.filter(Files::isDirectory)
                    .map(p -> "jobs/" + p.getFileName())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + jobs + ": " + e.getMessage());
        }
        if (!folders.isEmpty()) {
            String named = String.join(", ", folders.subList(0, Math.min(5, folders.size())))
                    + (folders.size() > 5 ? ", …" : "");
            throw new IllegalArgumentException("the data folder " + dir + " holds " + folders.size()
                    + " job folder(s) ("
                    + named + ") but its database site.db is missing or empty, so a site started there would not know"
                    + " those jobs: restore site.db from a backup, or move " + jobs + " away to start a new site");
        }
    }

    /** Usable bytes on the folder's file system, or -1 when it cannot be told. */
    static long usableBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
