package io.renderfarm.engine.schedule;

import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.event.EventData;
import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Builds a job run's events with the fields {@link EventType} documents, stamped with seconds since the start,
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
        emit(EventType.JOB_STARTED, Map.of("frames", frames, "total", total, "renderer", renderer, "slots", slots));
    }

    void chunkStarted(ChunkWork work, String slot) {
        emit(
                EventType.CHUNK_STARTED,
                Map.of(
                        "chunk",
                        work.chunkId(),
                        "frames",
                        work.frames().toString(),
                        "slot",
                        slot,
                        "pass",
                        work.isPreview() ? "preview" : "final",
                        "attempt",
                        work.attempt()));
    }

    void progress(int chunk, int frame, double fraction, int done, int total, OptionalLong eta) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chunk", chunk);
        data.put("frame", frame);
        data.put("fraction", Math.round(fraction * 1000) / 1000.0);
        data.put("done", done);
        data.put("total", total);
        eta.ifPresent(seconds -> data.put("eta", seconds));
        emit(EventType.PROGRESS, data);
    }

    void sample(int frame, String kind, String path) {
        emit(EventType.SAMPLE, Map.of("frame", frame, "kind", kind, "path", path));
    }

    /** @param verified the image as checked, for its dimensions; null for a frame already there (not decoded again) */
    void frameDone(StoredFrame stored, VerifiedFrame verified, int done, int total, boolean skipped) {
        emit(
                EventType.FRAME_DONE,
                EventData.frameDone(
                        stored.frame(),
                        stored.location(),
                        stored.sha256(),
                        verified == null ? null : verified.width(),
                        verified == null ? null : verified.height(),
                        done,
                        total,
                        skipped));
    }

    void chunkFinished(ChunkWork work) {
        emit(
                EventType.CHUNK_FINISHED,
                Map.of("chunk", work.chunkId(), "frames", work.frames().toString()));
    }

    void chunkFailed(
            ChunkWork work,
            String slot,
            String reason,
            boolean willRetry,
            FrameSet missing,
            FailureKind kind,
            int frame) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chunk", work.chunkId());
        data.put("slot", slot);
        data.put("reason", reason);
        data.put("willRetry", willRetry);
        data.put("frames", missing.toString());
        data.put("kind", kind.wireName());
        if (frame >= 0) {
            data.put("frame", frame);
        }
        emit(EventType.CHUNK_FAILED, data);
    }

    /**
     * The log of an attempt that ended; {@code state}, {@code reason} and {@code kind} (null unless it failed) are
     * the job run's verdict: a chunk the farm reported well may still have failed for frames it did not deliver.
     */
    void chunkLog(ChunkAttempt a, String state, String reason, FailureKind kind) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chunk", a.chunk());
        data.put("attempt", a.attempt());
        data.put("pass", a.pass());
        data.put("frames", a.frames());
        data.put("slot", a.slot());
        data.put("host", a.host());
        data.put("started", a.started().toString());
        data.put("ended", a.ended().toString());
        data.put("state", state);
        if (a.exitCode() != null) {
            data.put("exitCode", a.exitCode());
        }
        if (reason != null) {
            data.put("reason", reason);
        }
        if (kind != null) {
            data.put("kind", kind.wireName());
            data.put("tail", a.tail());
        }
        if (a.location() != null) {
            data.put("path", a.location());
        }
        data.put("chars", a.chars());
        data.put("truncated", a.truncated());
        emit(EventType.CHUNK_LOG, data);
    }

    void blocklisted(String slot, String reason) {
        emit(EventType.SLOT_BLOCKLISTED, Map.of("slot", slot, "reason", reason));
    }

    void awaitingApproval(int previews) {
        emit(EventType.AWAITING_APPROVAL, Map.of("previews", previews));
    }

    void canceled(String reason) {
        emit(EventType.CANCELED, Map.of("reason", reason));
    }

    void finished(JobState state, int done, int total, FrameSet failed, String reason) {
        emit(
                EventType.JOB_FINISHED,
                Map.of(
                        "state",
                        state.name(),
                        "done",
                        done,
                        "total",
                        total,
                        "failed",
                        failed.toString(),
                        "reason",
                        reason));
    }

    private void emit(EventType type, Map<String, ?> data) {
        try {
            sink.accept(new JobEvent(type, (clock.nanoTime() - startNanos) / 1e9, jobId, data));
        } catch (RuntimeException sinkFailure) {
            // See the class comment: consumers never stop the render.
        }
    }
}
