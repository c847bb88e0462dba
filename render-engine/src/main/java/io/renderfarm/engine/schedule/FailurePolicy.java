package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import java.util.HashSet;
import java.util.Set;

/**
 * What a failed chunk leads to: the failure counts against its slot (which is blocklisted for the job at the
 * profile's threshold), and the frames it did not deliver are queued again to avoid that slot — or, after the
 * profile's retries, fail for good. Previews that keep failing are dropped: they are never worth failing a job.
 * Used on the job's loop only.
 */
final class FailurePolicy {
    private final JobProfile profile;
    private final SlotBook slotBook;
    private final FrameLedger ledger;
    private final WorkQueue work;
    private final RunEvents events;
    private String lastFailure;
    private String exhaustedReason;

    FailurePolicy(JobProfile profile, SlotBook slotBook, FrameLedger ledger, WorkQueue work, RunEvents events) {
        this.profile = profile;
        this.slotBook = slotBook;
        this.ledger = ledger;
        this.work = work;
        this.events = events;
    }

    void chunkFailed(RunningChunk chunk, FrameSet missing, String failure) {
        String slotId = chunk.slot().id();
        lastFailure = failure;
        boolean willRetry = chunk.work().attempt() <= profile.retries();
        events.chunkFailed(chunk.work(), slotId, failure, willRetry, missing);
        if (slotBook.recordFailure(slotId)) {
            events.blocklisted(slotId, slotBook.failures(slotId) + " failures in this job, last: " + failure);
        }
        if (missing.isEmpty() || chunk.work().isPreview() && !willRetry) {
            return;
        }
        if (willRetry) {
            Set<String> failedOn = new HashSet<>(chunk.failedOn());
            failedOn.add(slotId);
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
