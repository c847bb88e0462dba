package io.renderfarm.engine.schedule;

import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.util.OptionalLong;

/**
 * Builds a job run's {@link JobEvent}s, stamped with seconds since the start,
 * and hands them to the sink. A failing sink is ignored: a closed terminal or a dropped SSE client must not stop
 * the render. Used on the job's loop only.
 */
final class RunEvents {
    private final String jobId;
    private final JobEventSink sink;
    private final Clock clock;
    private long startNanos;

    RunEvents(String jobId, JobEventSink sink, Clock clock) {
        this.jobId = jobId;
        this.sink = sink;
        this.clock = clock;
    }

    void started(String frames, int total, String renderer, int slots) {
        startNanos = clock.nanoTime();
        emit(new JobEvent.JobStarted(now(), jobId, frames, total, renderer, slots));
    }

    void chunkStarted(ChunkWork work, String slot) {
        emit(new JobEvent.ChunkStarted(
                now(),
                jobId,
                work.chunkId(),
                work.frames().toString(),
                slot,
                work.isPreview() ? "preview" : "final",
                work.attempt()));
    }

    void progress(int chunk, int frame, double fraction, int done, int total, OptionalLong eta) {
        emit(new JobEvent.Progress(
                now(),
                jobId,
                chunk,
                frame,
                Math.round(fraction * 1000) / 1000.0,
                done,
                total,
                eta.isPresent() ? eta.getAsLong() : null));
    }

    void sample(int frame, String kind, String path) {
        emit(new JobEvent.Sample(now(), jobId, frame, kind, path));
    }

    /** @param verified the image as checked, for its dimensions; null for a frame already there (not decoded again) */
    void frameDone(StoredFrame stored, VerifiedFrame verified, int done, int total, boolean skipped) {
        emit(new JobEvent.FrameDone(
                now(),
                jobId,
                stored.frame(),
                stored.location(),
                stored.sha256(),
                verified == null ? null : verified.width(),
                verified == null ? null : verified.height(),
                done,
                total,
                skipped,
                null,
                null));
    }

    void chunkFinished(ChunkWork work) {
        emit(new JobEvent.ChunkFinished(
                now(), jobId, work.chunkId(), work.frames().toString()));
    }

    void chunkFailed(
            ChunkWork work,
            String slot,
            String reason,
            boolean willRetry,
            FrameSet missing,
            FailureKind kind,
            int frame) {
        emit(new JobEvent.ChunkFailed(
                now(),
                jobId,
                work.chunkId(),
                slot,
                reason,
                willRetry,
                missing.toString(),
                kind.wireName(),
                frame >= 0 ? frame : null));
    }

    /**
     * The log of an attempt that ended; {@code state}, {@code reason} and {@code kind} (null unless it failed) are
     * the job run's verdict: a chunk the farm reported well may still have failed for frames it did not deliver.
     */
    void chunkLog(ChunkAttempt a, String state, String reason, FailureKind kind) {
        emit(new JobEvent.ChunkLog(
                now(),
                jobId,
                a.chunk(),
                a.attempt(),
                a.pass(),
                a.frames(),
                a.slot(),
                a.host(),
                a.started().toString(),
                a.ended().toString(),
                state,
                a.exitCode(),
                reason,
                kind == null ? null : kind.wireName(),
                kind == null ? null : a.tail(),
                a.location(),
                a.chars(),
                a.truncated(),
                null));
    }

    void blocklisted(String slot, String reason) {
        emit(new JobEvent.SlotBlocklisted(now(), jobId, slot, reason));
    }

    void awaitingApproval(int previews) {
        emit(new JobEvent.AwaitingApproval(now(), jobId, previews));
    }

    void canceled(String reason) {
        emit(new JobEvent.Canceled(now(), jobId, reason));
    }

    void finished(JobState state, int done, int total, FrameSet failed, String reason) {
        emit(new JobEvent.JobFinished(now(), jobId, state.name(), done, total, failed.toString(), reason));
    }

    private double now() {
        return (clock.nanoTime() - startNanos) / 1e9;
    }

    private void emit(JobEvent event) {
        try {
            sink.accept(event);
        } catch (RuntimeException sinkFailure) {
            // See the class comment: consumers never stop the render.
        }
    }
}
