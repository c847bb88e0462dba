package io.renderfarm.engine.chunklog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The output of one renderer run, bounded: the first {@code headChars} characters of lines and the last
 * {@code tailChars}, with a marker saying how much was left out between them. Cycles prints a line per sample, so a
 * long frame's log would otherwise grow without end; the head shows how the renderer started (versions, the scene
 * loading) and the tail how it ended. Thread-safe.
 */
public final class ChunkLog {
    /** What a running attempt keeps at most: 32 K characters of head, 64 K of tail. */
    public static final int HEAD_CHARS = 32 * 1024;

    public static final int TAIL_CHARS = 64 * 1024;
    /** A longer line is cut: one line must not push every other out of the tail. */
    static final int MAX_LINE_CHARS = 4096;

    private final int headChars;
    private final int tailChars;
    private final StringBuilder head = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean headFull;
    private int tailLength;
    private long omittedLines;
    private long omittedChars;

    public ChunkLog() {
        this(HEAD_CHARS, TAIL_CHARS);
    }

    public ChunkLog(int headChars, int tailChars) {
        if (headChars < 0 || tailChars < 0) {
            throw new IllegalArgumentException("log limits must not be negative");
        }
        this.headChars = headChars;
        this.tailChars = tailChars;
    }

    /** A log holding {@code text} as its lines, kept within the given limits. */
    public static ChunkLog of(String text, int headChars, int tailChars) {
        ChunkLog log = new ChunkLog(headChars, tailChars);
        if (text != null && !text.isEmpty()) {
            text.lines().forEach(log::add);
        }
        return log;
    }

    public synchronized void add(String line) {
        String kept = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + " […]" : line;
        if (!headFull && head.length() + kept.length() + 1 <= headChars) {
            head.append(kept).append('\n');
            return;
        }
        headFull = true;
        tail.addLast(kept);
        tailLength += kept.length() + 1;
        while (tailLength > tailChars && !tail.isEmpty()) {
            String dropped = tail.removeFirst();
            tailLength -= dropped.length() + 1;
            omittedLines++;
            omittedChars += dropped.length() + 1;
        }
    }

    /** Head, the marker of what was left out (if anything), and tail. */
    public synchronized String text() {
        StringBuilder text = new StringBuilder(head.length() + tailLength + 80).append(head);
        if (omittedLines > 0) {
            text.append("[… ")
                    .append(omittedLines)
                    .append(" line(s), ")
                    .append(omittedChars)
                    .append(" characters left out …]\n");
        }
        tail.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** The last {@code count} lines that are not blank, oldest first. */
    public synchronized List<String> lastLines(int count) {
        List<String> lines = new ArrayList<>();
        for (var it = tail.descendingIterator(); it.hasNext() && lines.size() < count; ) {
            String line = it.next();
            if (!line.isBlank()) {
                lines.add(0, line);
            }
        }
        if (lines.size() < count) {
            List<String> fromHead =
                    head.toString().lines().filter(l -> !l.isBlank()).toList();
            int from = Math.max(0, fromHead.size() - (count - lines.size()));
            lines.addAll(0, fromHead.subList(from, fromHead.size()));
        }
        return lines;
    }

    /** Whether lines were left out. */
    public synchronized boolean truncated() {
        return omittedLines > 0;
    }
}
