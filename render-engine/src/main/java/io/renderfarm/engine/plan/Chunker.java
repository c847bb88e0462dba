package io.renderfarm.engine.plan;

import io.renderfarm.engine.frames.FrameSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a frame set into chunks, each of which one renderer process can take as a single start/end/step
 * invocation.
 *
 * <p>Contract of {@link #chunk}: the chunks hold consecutive frames of the set in ascending order, together
 * exactly the set, each an arithmetic progression ({@link FrameSet#step()} {@code != 0}) of at most
 * {@code chunkSize} frames. Chunks are filled greedily from the lowest frame: a chunk takes its step from its
 * first two frames and grows while the next frame keeps that step and the chunk is not full. So {@code 1-100}
 * in chunks of 10 gives {@code 1-10, 11-20, …} as users expect, and a chunk ends wherever the step changes
 * ({@code 1,5,9-12} gives {@code 1,5,9} and {@code 10-12}).
 */
public final class Chunker {
    private Chunker() {}

    /** The chunks of {@code frames}, see the class contract; an empty set gives no chunks. */
    public static List<FrameSet> chunk(FrameSet frames, int chunkSize) {
        Objects.requireNonNull(frames, "frames");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize
                    + " (a profile's automatic size 0 must be resolved with ChunkSizer first)");
        }
        List<FrameSet> chunks = new ArrayList<>();
        int start = 0;
        while (start < frames.size()) {
            int end = endOfChunk(frames, start, chunkSize);
            chunks.add(frames.slice(start, end));
            start = end;
        }
        return List.copyOf(chunks);
    }

    /** The exclusive end position of the chunk starting at {@code start}. */
    private static int endOfChunk(FrameSet frames, int start, int chunkSize) {
        int limit = (int) Math.min(frames.size(), (long) start + chunkSize);
        if (limit - start < 2) {
            return limit;
        }
        int step = frames.get(start + 1) - frames.get(start);
        int end = start + 2;
        while (end < limit && frames.get(end) - frames.get(end - 1) == step) {
            end++;
        }
        return end;
    }
}
