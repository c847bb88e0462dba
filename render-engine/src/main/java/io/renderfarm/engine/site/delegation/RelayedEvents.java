package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.util.Optional;

/**
 * Turns a remote job's events into this job's: the local job id, {@code t} counted from this run's start (the
 * remote's clock started later, and again after its restarts), slots named with the remote site
 * ({@code render2:8765/slot-1}, never mistaken for a slot here), and counts of frames held <em>here</em>.
 * Only the engine's event types are relayed; a newer remote's unknown ones are dropped.
 */
final class RelayedEvents {
    private final String job;
    private final String siteLabel;
    private final Clock clock;
    private final long startNanos;

    RelayedEvents(String job, String siteUrl, Clock clock) {
        this.job = job;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.siteLabel = siteUrl.replaceFirst("^https?://", "");
    }

    JobEvent started(FrameSet frames, String renderer, int slots, String site) {
        return new JobEvent.JobStarted(
                seconds(), job, frames.toString(), frames.size(), renderer, slots, site, null, null);
    }

    /**
     * A remote event relayed as it comes, with the rewrites; {@code done} and {@code total} replace the remote's
     * counts. Empty for the types not relayed this way: those this class builds itself or that need their files
     * brought here first, and a newer remote's unknown ones.
     */
    Optional<JobEvent> relay(JobEvent remote, int done, int total) {
        double t = seconds();
        if (remote instanceof JobEvent.ChunkStarted c) {
            return Optional.of(
                    new JobEvent.ChunkStarted(t, job, c.chunk(), c.frames(), slot(c.slot()), c.pass(), c.attempt()));
        } else if (remote instanceof JobEvent.Progress p) {
            return Optional.of(new JobEvent.Progress(t, job, p.chunk(), p.frame(), p.fraction(), done, total, p.eta()));
        } else if (remote instanceof JobEvent.ChunkFailed c) {
            return Optional.of(new JobEvent.ChunkFailed(
                    t, job, c.chunk(), slot(c.slot()), c.reason(), c.willRetry(), c.frames(), c.kind(), c.frame()));
        } else if (remote instanceof JobEvent.SlotBlocklisted b) {
            return Optional.of(new JobEvent.SlotBlocklisted(t, job, slot(b.slot()), b.reason()));
        } else if (remote instanceof JobEvent.ChunkFinished
                || remote instanceof JobEvent.AwaitingApproval
                || remote instanceof JobEvent.Canceled
                || remote instanceof JobEvent.JobStalled) {
            return Optional.of(remote.withJob(job).withT(t));
        }
        return Optional.empty();
    }

    /** The cancel requested here, as the remote job's {@code canceled} would be relayed. */
    JobEvent canceled(String reason) {
        return new JobEvent.Canceled(seconds(), job, reason);
    }

    /** A sample event pointing at the copy here. */
    JobEvent sample(JobEvent.Sample remote, String localPath) {
        return remote.at(localPath, remote.name()).withJob(job).withT(seconds());
    }

    /** A chunk-log event pointing at the copy here (none when it could not be kept), its slot named with the site. */
    JobEvent chunkLog(JobEvent.ChunkLog remote, String localPath) {
        return remote.at(localPath, null)
                .onSlot(slot(remote.slot()))
                .withJob(job)
                .withT(seconds());
    }

    /** @param verified the frame as verified, for its dimensions; null when they are not known here */
    JobEvent frameDone(StoredFrame stored, VerifiedFrame verified, int done, int total, boolean skipped) {
        return new JobEvent.FrameDone(
                seconds(),
                job,
                stored.frame(),
                stored.location(),
                stored.sha256(),
                verified == null ? null : verified.width(),
                verified == null ? null : verified.height(),
                done,
                total,
                skipped,
                null,
                null);
    }

    JobEvent finished(JobState state, int done, int total, FrameSet failed, String reason) {
        return new JobEvent.JobFinished(seconds(), job, state.name(), done, total, failed.toString(), reason);
    }

    /** A remote slot's name as seen here: prefixed with its site. */
    private String slot(String remoteSlot) {
        return remoteSlot == null ? null : siteLabel + "/" + remoteSlot;
    }

    private double seconds() {
        return (clock.nanoTime() - startNanos) / 1e9;
    }
}
