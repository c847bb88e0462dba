package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.frames.FrameSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** A chunk the job run has started: where, since when, which frames arrived, and why it was killed if it was. */
final class RunningChunk {
    private final ChunkWork work;
    private final RenderSlot slot;
    private final Set<String> failedOn;
    private long startedNanos;
    private final Set<Integer> doneFrames = new HashSet<>();
    private final java.util.List<Long> doneNanos = new java.util.ArrayList<>();
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private volatile long lastProgressNanos;
    private int reportedFrame = Integer.MIN_VALUE;
    private long reportedNanos;
    private ChunkExecution execution;
    private boolean killRequested;
    private String killReason;
    private String badFrameReason;

    RunningChunk(ChunkWork work, RenderSlot slot, Set<String> failedOn, long startedNanos) {
        this.work = work;
        this.slot = slot;
        this.failedOn = failedOn;
        this.startedNanos = startedNanos;
        this.lastProgressNanos = startedNanos;
    }

    void attach(ChunkExecution value) {
        execution = value;
        if (killRequested) {
            value.cancel();
        }
    }

    ChunkWork work() {
        return work;
    }

    RenderSlot slot() {
        return slot;
    }

    Set<String> failedOn() {
        return failedOn;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The chunk left its farm's queue: its timers start over. */
    void restartClock(long nanos) {
        startedNanos = nanos;
        lastProgressNanos = nanos;
    }

    void sawProgress(long nanos) {
        lastProgressNanos = nanos;
    }

    /**
     * Whether a progress report is worth an event: a new frame, the end of a frame, or at most one every
     * {@link #PROGRESS_INTERVAL_NANOS} — Cycles prints a line per sample, which would flood clients.
     */
    boolean shouldReportProgress(int frame, double fraction, long now) {
        if (frame != reportedFrame || fraction >= 1.0 || now - reportedNanos >= PROGRESS_INTERVAL_NANOS) {
            reportedFrame = frame;
            reportedNanos = now;
            return true;
        }
        return false;
    }

    void markDone(int frame, long nanos) {
        if (doneFrames.add(frame)) {
            doneNanos.add(nanos);
        }
    }

    /** When its last frame arrived, or when it started before any did: a frame's render time counts from here. */
    long lastDoneNanos() {
        return doneNanos.isEmpty() ? startedNanos : doneNanos.get(doneNanos.size() - 1);
    }

    long[] doneNanos() {
        return doneNanos.stream().mapToLong(Long::longValue).toArray();
    }

    void recordBadFrame(int frame, String reason) {
        badFrameReason = "frame " + frame + ": " + reason;
    }

    String badFrameReason() {
        return badFrameReason;
    }

    FrameSet missingFrames() {
        return work.frames().minus(doneFrames);
    }

    /** The reason this chunk must be killed now, or null: over its max time, or silent for the stall timeout. */
    String timeoutReason(long now, Duration maxTime, Duration stall) {
        if (killRequested) {
            return null;
        }
        if (!maxTime.isZero() && now - startedNanos > maxTime.toNanos()) {
            return "chunk ran longer than the maximum of " + maxTime.toSeconds() + " s";
        }
        if (!stall.isZero() && now - lastProgressNanos > stall.toNanos()) {
            return "renderer showed no progress for " + stall.toSeconds() + " s";
        }
        return null;
    }

    void kill(String reason) {
        if (killRequested) {
            return;
        }
        killRequested = true;
        killReason = reason;
        if (execution != null) {
            execution.cancel();
        }
    }

    String killReason() {
        return killReason;
    }
}
