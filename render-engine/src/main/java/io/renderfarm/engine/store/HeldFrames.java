package io.renderfarm.engine.store;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which of a job's frames a store already holds verified, and which are still to render: what every re-run into
 * the same output skips, whether it renders here ({@code render}, a resumed site job) or on a site
 * ({@code submit}, {@code demo}). A frame whose file is missing or altered is not held.
 *
 * @param held    the held frames of the job, by number
 * @param missing the job's frames still to render, in the job's order
 */
public record HeldFrames(Map<Integer, StoredFrame> held, FrameSet missing) {
    public HeldFrames {
        held = Map.copyOf(held);
    }

    /** Splits {@code frames} by what {@code store} holds verified now in {@code format} ({@code SCENE}: any). */
    public static HeldFrames of(FrameSet frames, FrameStore store, FrameFormat format) throws IOException {
        Map<Integer, StoredFrame> verified = store.verifiedFrames();
        Map<Integer, StoredFrame> held = new TreeMap<>();
        for (int frame : frames) {
            StoredFrame stored = verified.get(frame);
            if (stored != null && format.holds(stored.location())) {
                held.put(frame, stored);
            }
        }
        return new HeldFrames(held, frames.minus(held.keySet()));
    }
}
