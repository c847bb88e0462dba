package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A job's remaining time from measured frame times. Each final frame stored is timed from its chunk's start (or
 * the chunk's previous frame) and counted for the slot that rendered it; a slot not measured yet counts at the mean
 * of all. The frames still to render, less what is done of the frames in flight, are shared among the usable
 * slots, fastest first and at most one slot per frame left. Preview frames are never counted: they render at a
 * fraction of the cost. Owned by the job's loop.
 */
final class FrameEta {
    private final Map<String, double[]> perSlot = new HashMap<>();
    private final Map<Integer, Double> inFlight = new HashMap<>();
    private double seconds;
    private int frames;

    /** Progress of a final frame being rendered, 0..1. */
    void progress(int frame, double fraction) {
        inFlight.put(frame, Math.max(0, Math.min(1, fraction)));
    }

    /** A final frame was stored after rendering {@code frameSeconds} on {@code slot}. */
    void frameDone(String slot, int frame, double frameSeconds) {
        inFlight.remove(frame);
        if (!(frameSeconds >= 0)) {
            return;
        }
        double[] s = perSlot.computeIfAbsent(slot, k -> new double[2]);
        s[0] += frameSeconds;
        s[1]++;
        seconds += frameSeconds;
        frames++;
    }

    /** A chunk ended: its frames are no longer in flight. */
    void chunkEnded(FrameSet chunkFrames) {
        chunkFrames.forEach(inFlight::remove);
    }

    /** Seconds until {@code framesLeft} more frames are stored, or empty before any frame was measured. */
    OptionalLong remainingSeconds(int framesLeft, Collection<String> usableSlots) {
        if (frames == 0 || framesLeft <= 0) {
            return frames == 0 ? OptionalLong.empty() : OptionalLong.of(0);
        }
        double work = Math.max(
                0,
                framesLeft
                        - inFlight.values().stream()
                                .mapToDouble(Double::doubleValue)
                                .sum());
        double mean = seconds / frames;
        List<Double> rates = new ArrayList<>();
        for (String slot : usableSlots) {
            double[] s = perSlot.get(slot);
            double perFrame = s == null ? mean : s[0] / s[1];
            rates.add(1 / Math.max(perFrame, 1e-3));
        }
        if (rates.isEmpty()) {
            rates.add(1 / Math.max(mean, 1e-3));
        }
        rates.sort((a, b) -> Double.compare(b, a));
        int parallel = Math.max(1, Math.min(rates.size(), framesLeft));
        double throughput = rates.subList(0, parallel).stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        return OptionalLong.of(Math.round(work / throughput));
    }
}
