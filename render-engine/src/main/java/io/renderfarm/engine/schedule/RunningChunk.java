package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A chunk the job run has started: where (the slot, and the machine its failures count against), since when,
 * which frames arrived, and why it was killed if it was. A chunk handed to a farm that queues chunks is
 * {@linkplain #waiting() waiting} until the farm says it began; its timers do not run meanwhile.
 */
final class RunningChunk {
    private final ChunkWork work;
    private final RenderSlot slot;
    private final Set<String> failedOn;
    /** The machine of the slot, as the farm names it. */
    private final String slotMachine;

    private String machine;
    private boolean waiting;
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

    /**
     * @param machine the slot's machine ({@link RenderFarm#machineOf})
     * @param waiting whether the chunk waits in the farm's queue until it reports that it began
     */
    RunningChunk(
            ChunkWork work, RenderSlot slot, String machine, Set<String> failedOn, long startedNanos, boolean waiting) {
        this.work = work;
        this.slot = slot;
        this.slotMachine = machine;
        this.machine = machine;
        this.failedOn = failedOn;
        this.startedNanos = startedNanos;
        this.lastProgressNanos = startedNanos;
        this.waiting = waiting;
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

    /** The machine this chunk's failures count against: the slot's, or the one the farm said it began on. */
    String machine() {
        return machine;
    }

    /**
     * Where the chunk ran, for events and the log: the slot's id, or the machine it began on when that is not the
     * slot's own (a chunk queued for any machine of a cloud names the machine that took it).
     */
    String where() {
        return whereOn(machine);
    }

    /** {@link #where()} for a chunk that began on {@code startedOn} (null: on its slot); safe on any thread. */
    String whereOn(String startedOn) {
        return startedOn == null || startedOn.isBlank() || startedOn.equals(slotMachine) ? slot.id() : startedOn;
    }

    boolean waiting() {
        return waiting;
    }

    /** The chunk left its farm's queue (on {@code startedOn}, when the farm names it): its timers start now. */
    void began(long nanos, String startedOn) {
        waiting = false;
        startedNanos = nanos;
        lastProgressNanos = nanos;
        if (startedOn != null && !startedOn.isBlank()) {
            machine = startedOn;
        }
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

    /**
     * The reason this chunk must be killed now, or null: over its max time, or silent for the stall timeout. A
     * chunk still waiting in its farm's queue has neither.
     */
    String timeoutReason(long now, Duration maxTime, Duration stall) {
        if (killRequested || waiting) {
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
