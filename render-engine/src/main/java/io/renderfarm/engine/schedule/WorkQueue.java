package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.frames.FrameSet;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The work of a job not yet handed to a slot: preview frames, retries of failed chunks, and the pending final
 * frames from which chunks are carved when a slot falls idle. Order of preference: retries, previews, final
 * frames. Owned by the job's loop; not thread-safe.
 */
final class WorkQueue {
    /** What to start next on a slot. */
    record ChunkPlan(FrameSet frames, boolean preview, int attempt, Set<String> failedOn) {}

    private final FrameLedger ledger;
    private final Function<RenderSlot, String> machineOf;
    private final Deque<Integer> pending = new ArrayDeque<>();
    private final Deque<Integer> previews = new ArrayDeque<>();
    private final Deque<RetryChunk> retries = new ArrayDeque<>();

    /** @param machineOf the machine of a slot, as the failed-on sets of retries name them */
    WorkQueue(FrameLedger ledger, Function<RenderSlot, String> machineOf) {
        this.ledger = ledger;
        this.machineOf = machineOf;
    }

    void addPending(int frame) {
        pending.add(frame);
    }

    void addPreviews(Collection<Integer> frames) {
        previews.addAll(frames);
    }

    void addRetry(RetryChunk retry) {
        retries.add(retry);
    }

    int pendingCount() {
        return pending.size();
    }

    /** Final frames not yet handed out: pending ones and those of queued final retries. */
    int queuedFinalFrames() {
        int frames = pending.size();
        for (RetryChunk retry : retries) {
            if (!retry.preview()) {
                frames += retry.frames().size();
            }
        }
        return frames;
    }

    FrameSet pendingFrames() {
        return FrameSet.of(pending);
    }

    boolean hasWork() {
        return !pending.isEmpty() || !retries.isEmpty() || !previews.isEmpty();
    }

    /** Whether a chunk could start now: a retry or preview queued, or final frames while they are allowed. */
    boolean hasStartableWork(boolean allowFinal) {
        return !retries.isEmpty() || !previews.isEmpty() || allowFinal && !pending.isEmpty();
    }

    /** Whether preview renders are still queued (new or retried). */
    boolean hasPreviewWork() {
        return !previews.isEmpty() || retries.stream().anyMatch(RetryChunk::preview);
    }

    void clear() {
        pending.clear();
        previews.clear();
        retries.clear();
    }

    /**
     * The next chunk for {@code slot}, or null when there is nothing it should take now.
     *
     * @param usable     every slot that may render this job, to tell whether a retry can avoid this one
     * @param allowFinal whether final frames may start (false while waiting for approval)
     * @param chunkSize  how many final frames to carve
     */
    ChunkPlan nextFor(RenderSlot slot, List<RenderSlot> usable, boolean allowFinal, int chunkSize) {
        RetryChunk retry = takeRetry(slot, usable);
        if (retry != null) {
            return new ChunkPlan(retry.frames(), retry.preview(), retry.attempt(), retry.failedOn());
        }
        while (!previews.isEmpty()) {
            int frame = previews.poll();
            if (ledger.status(frame) == FrameStatus.PENDING) {
                return new ChunkPlan(FrameSet.of(frame), true, 1, Set.of());
            }
        }
        if (!allowFinal) {
            return null;
        }
        FrameSet carved = carve(chunkSize);
        return carved.isEmpty() ? null : new ChunkPlan(carved, false, 1, Set.of());
    }

    /**
     * A retry for this slot: one that did not fail on its machine, or any when no usable slot of another machine
     * is left.
     */
    private RetryChunk takeRetry(RenderSlot slot, List<RenderSlot> usable) {
        for (Iterator<RetryChunk> it = retries.iterator(); it.hasNext(); ) {
            RetryChunk retry = it.next();
            boolean otherSlotExists =
                    usable.stream().anyMatch(s -> !retry.failedOn().contains(machineOf.apply(s)));
            if (!retry.failedOn().contains(machineOf.apply(slot)) || !otherSlotExists) {
                it.remove();
                return retry;
            }
        }
        return null;
    }

    /** Takes up to {@code size} pending frames from the head that form an arithmetic progression. */
    private FrameSet carve(int size) {
        int[] taken = new int[Math.min(size, pending.size())];
        int n = 0;
        while (!pending.isEmpty() && n < taken.length) {
            int frame = pending.peek();
            if (ledger.status(frame) != FrameStatus.PENDING) {
                pending.poll();
                continue;
            }
            if (n >= 2 && frame - taken[n - 1] != taken[1] - taken[0]) {
                break;
            }
            taken[n++] = pending.poll();
        }
        return FrameSet.of(java.util.Arrays.copyOf(taken, n));
    }

    /** Puts the work of a chunk the farm could not start back where it came from, first in line. */
    void giveBack(ChunkPlan plan) {
        if (plan.attempt() > 1) {
            retries.addFirst(new RetryChunk(plan.frames(), plan.preview(), plan.attempt(), plan.failedOn()));
        } else if (plan.preview()) {
            previews.addFirst(plan.frames().first());
        } else {
            int[] back = plan.frames().toArray();
            for (int i = back.length - 1; i >= 0; i--) {
                ledger.set(back[i], FrameStatus.PENDING);
                pending.addFirst(back[i]);
            }
        }
    }
}
