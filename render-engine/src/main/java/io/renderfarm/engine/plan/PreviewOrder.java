package io.renderfarm.engine.plan;

import io.renderfarm.engine.frames.FrameSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;

/**
 * The order in which preview frames are rendered so that a few of them already show the whole shot (Afanasy's
 * "sequential 0"): the first frame, the last, the middle, then the midpoints of the gaps between frames already
 * chosen, breadth-first from left to right.
 *
 * <p>Midpoints are taken by position in the set, not by frame number, so every pick is a frame of the set
 * and a set with a hole ({@code 1-10,1000-1010}) is sampled by its frames rather than by its empty span. Between
 * positions {@code lo} and {@code hi} the midpoint is {@code (lo + hi) / 2} rounded down: for {@code 1-100}
 * the order is 1, 100, 50, 25, 75, 13, 37, 62, 87, …
 */
public final class PreviewOrder {
    private PreviewOrder() {}

    /**
     * Up to {@code count} distinct frames of {@code frames} in preview order; all of them when {@code count}
     * is at least the set's size. The list is unmodifiable.
     */
    public static List<Integer> of(FrameSet frames, int count) {
        Objects.requireNonNull(frames, "frames");
        if (count < 0) {
            throw new IllegalArgumentException("preview frame count must not be negative, got " + count);
        }
        int wanted = Math.min(count, frames.size());
        List<Integer> order = new ArrayList<>(wanted);
        if (wanted == 0) {
            return List.of();
        }
        int lastPosition = frames.size() - 1;
        order.add(frames.first());
        if (wanted > 1) {
            order.add(frames.last());
        }
        // Each gap is a pair of chosen positions with unchosen ones between them; a FIFO keeps it breadth-first.
        Queue<int[]> gaps = new ArrayDeque<>();
        gaps.add(new int[] {0, lastPosition});
        while (order.size() < wanted) {
            int[] gap = gaps.remove();
            int middle = (gap[0] + gap[1]) >>> 1;
            if (middle == gap[0]) {
                continue;
            }
            order.add(frames.get(middle));
            gaps.add(new int[] {gap[0], middle});
            gaps.add(new int[] {middle, gap[1]});
        }
        return List.copyOf(order);
    }
}
