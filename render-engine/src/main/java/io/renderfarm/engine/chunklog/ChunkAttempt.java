package io.renderfarm.engine.chunklog;

import java.time.Instant;

/**
 * One attempt at a chunk, as its log records it.
 *
 * @param chunk    the chunk's number within the job (each attempt is a chunk of its own)
 * @param attempt  1 for the first try of its frames, 2 for their first retry, …
 * @param pass     {@code final} or {@code preview}
 * @param frames   the frames it was given
 * @param slot     the slot that ran it
 * @param host     the machine of that slot
 * @param started  when it was handed to the slot
 * @param ended    when the slot reported its end
 * @param exitCode the renderer's exit code, null without a process of its own (a resident renderer)
 * @param failure  why the farm said it failed, null when it ended well
 * @param kind     whose fault the failure is ({@code scene}, {@code slot}, {@code unknown}), null when it ended well
 * @param location where the store keeps its log (a file path, an artifact path), null when it was not kept
 * @param chars    the length of the kept log
 * @param truncated whether output was left out between its head and tail
 * @param tail     its last lines, for a log a person reads without opening the file
 */
public record ChunkAttempt(
        int chunk,
        int attempt,
        String pass,
        String frames,
        String slot,
        String host,
        Instant started,
        Instant ended,
        Integer exitCode,
        String failure,
        String kind,
        String location,
        long chars,
        boolean truncated,
        java.util.List<String> tail) {
    public ChunkAttempt {
        tail = tail == null ? java.util.List.of() : java.util.List.copyOf(tail);
    }

    private static final java.util.regex.Pattern FILE_NAME =
            java.util.regex.Pattern.compile("chunk-(\\d{1,9})-attempt-\\d{1,9}\\.log");

    /** The file name of an attempt's log: {@code chunk-0007-attempt-2.log}. */
    public static String fileName(int chunk, int attempt) {
        return String.format("chunk-%04d-attempt-%d.log", chunk, attempt);
    }

    /**
     * The first chunk number no log in {@code folder} uses (1 for an empty or missing folder), for a run that must
     * not replace an earlier run's logs.
     */
    public static int firstFreeChunk(java.nio.file.Path folder) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(folder)) {
            return 1;
        }
        try (var files = java.nio.file.Files.list(folder)) {
            return files.map(f -> FILE_NAME.matcher(String.valueOf(f.getFileName())))
                            .filter(java.util.regex.Matcher::matches)
                            .mapToInt(m -> Integer.parseInt(m.group(1)))
                            .max()
                            .orElse(0)
                    + 1;
        }
    }
}
