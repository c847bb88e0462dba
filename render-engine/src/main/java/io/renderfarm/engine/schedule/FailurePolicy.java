package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a failed chunk leads to: the failure counts against its machine (which is blocklisted for the job at the
 * profile's threshold), and the frames it did not deliver are queued again to avoid that machine — or, after the
 * profile's retries, fail for good. A chunk whose machine was lost (not a failure of the machine) is retried the
 * same way without counting toward the blocklist. Previews that keep failing are dropped: they are never worth
 * failing a job. Used on the job's loop only.
 */
final class FailurePolicy {
    private final JobProfile profile;
    private final SlotBook slotBook;
    private final FrameLedger ledger;
    private final WorkQueue work;
    private final RunEvents events;
    private final Consumer<String> onBlocklisted;
    private String lastFailure;
    private String exhaustedReason;

    /** @param onBlocklisted told each machine the job stops using */
    FailurePolicy(JobProfile profile, SlotBook slotBook, FrameLedger ledger, WorkQueue work, RunEvents events,
                  Consumer<String> onBlocklisted) {
        this.profile = profile;
        this.slotBook = slotBook;
        this.ledger = ledger;
        this.work = work;
        this.events = events;
        this.onBlocklisted = onBlocklisted;
    }

    /**
     * @param machineAtFault false when the farm lost the machine rather than the machine failing the chunk: the
     *                       frames are retried, and the machine's failure count stays as it was
     */
    void chunkFailed(RunningChunk chunk, FrameSet missing, String failure, boolean machineAtFault) {
        String machine = chunk.machine();
        lastFailure = failure;
        boolean willRetry = chunk.work().attempt() <= profile.retries();
        events.chunkFailed(chunk.work(), chunk.where(), failure, willRetry, missing);
        if (machineAtFault && slotBook.recordFailure(machine)) {
            events.blocklisted(machine, slotBook.failures(machine) + " failures in this job, last: " + failure);
            onBlocklisted.accept(machine);
        }
        if (missing.isEmpty() || chunk.work().isPreview() && !willRetry) {
            return;
        }
        if (willRetry) {
            Set<String> failedOn = new HashSet<>(chunk.failedOn());
            failedOn.add(machine);
            ledger.release(missing);
            work.addRetry(new RetryChunk(missing, chunk.work().isPreview(), chunk.work().attempt() + 1, Set.copyOf(failedOn)));
        } else {
            missing.forEach(f -> ledger.set(f, FrameStatus.FAILED));
            exhaustedReason = "frame(s) " + missing + " failed " + chunk.work().attempt() + " times, last: " + failure;
        }
    }

    /** The last chunk failure of the job, or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** Why frames failed for good, or null when none did. */
    String exhaustedReason() {
        return exhaustedReason;
    }
}
