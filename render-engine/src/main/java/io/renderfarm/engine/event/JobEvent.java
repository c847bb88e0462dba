package io.renderfarm.engine.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a job, as every consumer sees it (CLI JSON lines, the site's Server-Sent
 * Events, the Jenkins build page): one record per {@link EventType}, with that type's fields named as on the wire.
 * Serialised flat by {@link EventJson}: {@code {"type":"frame-done","t":1.25,"job":"j1","frame":7,...}}; a field
 * that is null is left out. {@code t} is seconds since the job started, rounded to the millisecond. Immutable and
 * {@link Serializable} (hosts hand events across process boundaries). The records are listed here rather than in
 * files of their own so that the whole vocabulary of a job's life reads on one page; the file is over 100 lines for
 * that reason only.
 */
@JsonSerialize(using = EventJson.Serializer.class)
@JsonDeserialize(using = EventJson.Deserializer.class)
public sealed interface JobEvent extends Serializable
        permits JobEvent.JobStarted,
                JobEvent.Decision,
                JobEvent.ChunkStarted,
                JobEvent.Progress,
                JobEvent.ChunkFailed,
                JobEvent.ChunkFinished,
                JobEvent.ChunkLog,
                JobEvent.SlotBlocklisted,
                JobEvent.Sample,
                JobEvent.FrameDone,
                JobEvent.AwaitingApproval,
                JobEvent.Canceled,
                JobEvent.JobFinished,
                JobEvent.JobStalled,
                JobEvent.Unknown {

    /** The wire name of the event's type ({@link EventType#wireName()}). */
    String type();

    /** Seconds since the job started. */
    double t();

    /** The job's id; null while a producer does not know it yet (a relay fills it in). */
    String job();

    /** The same event as seen from another job id (a remote job relayed under the local job's id). */
    default JobEvent withJob(String jobId) {
        return EventJson.restamp(this, t(), jobId);
    }

    /** The same event at another time (a relayed event stamped with the time of the run that relays it). */
    default JobEvent withT(double seconds) {
        return EventJson.restamp(this, seconds, job());
    }

    /** {@code t} as every event keeps it: rounded to the millisecond. */
    static double seconds(double t) {
        return Math.round(t * 1000.0) / 1000.0;
    }

    /**
     * A job began: its frame spec and count, the renderer and slots; from a site also {@code site} (a job it relayed
     * from there), {@code where} and {@code run} (2 and more after a restart resumed the job).
     */
    record JobStarted(
            double t,
            String job,
            String frames,
            int total,
            String renderer,
            int slots,
            String site,
            String where,
            Integer run)
            implements JobEvent {
        public JobStarted {
            t = seconds(t);
        }

        public JobStarted(double t, String job, String frames, int total, String renderer, int slots) {
            this(t, job, frames, total, renderer, slots, null, null, null);
        }

        @Override
        public String type() {
            return EventType.JOB_STARTED.wireName();
        }
    }

    /** Where the job renders ({@code local} or {@code remote}), why, and the remote {@code site} when remote. */
    record Decision(double t, String job, String where, String reason, String site) implements JobEvent {
        public Decision {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.DECISION.wireName();
        }
    }

    /** A chunk attempt began on a slot; {@code pass} is {@code preview} or {@code final}. */
    record ChunkStarted(double t, String job, int chunk, String frames, String slot, String pass, int attempt)
            implements JobEvent {
        public ChunkStarted {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.CHUNK_STARTED.wireName();
        }
    }

    /**
     * How far a frame is ({@code fraction} 0..1), and {@code eta}: whole seconds until the job's frames are done,
     * from measured frame times, once a final frame was measured (else null). Live only.
     */
    record Progress(double t, String job, int chunk, int frame, double fraction, int done, int total, Long eta)
            implements JobEvent {
        public Progress {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.PROGRESS.wireName();
        }
    }

    /**
     * A chunk attempt failed on {@code slot} (or the machine it ran on when that is not the slot's own, such as the
     * agent a cloud provided); {@code frames} are those it did not deliver, {@code kind} whose fault it is
     * (scene|slot|unknown), {@code frame} the frame the renderer was on, or null when unknown.
     */
    record ChunkFailed(
            double t,
            String job,
            int chunk,
            String slot,
            String reason,
            boolean willRetry,
            String frames,
            String kind,
            Integer frame)
            implements JobEvent {
        public ChunkFailed {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.CHUNK_FAILED.wireName();
        }
    }

    /** A chunk attempt delivered its frames. */
    record ChunkFinished(double t, String job, int chunk, String frames) implements JobEvent {
        public ChunkFinished {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.CHUNK_FINISHED.wireName();
        }
    }

    /**
     * The log of a chunk attempt that ended (after its {@code chunk-finished} or {@code chunk-failed}):
     * {@code started} and {@code ended} are ISO-8601, {@code state} succeeded|failed|killed, {@code path} where the
     * host keeps the log (null when it keeps none) and on a site {@code file} its name; {@code exitCode} when the
     * renderer had a process of its own; for a failed attempt {@code reason}, {@code kind} (scene|slot|unknown) and
     * {@code tail} (its last lines), else null.
     */
    record ChunkLog(
            double t,
            String job,
            int chunk,
            int attempt,
            String pass,
            String frames,
            String slot,
            String host,
            String started,
            String ended,
            String state,
            Integer exitCode,
            String reason,
            String kind,
            List<String> tail,
            String path,
            long chars,
            boolean truncated,
            String file)
            implements JobEvent {
        public ChunkLog {
            t = seconds(t);
            tail = tail == null ? null : List.copyOf(tail);
        }

        @Override
        public String type() {
            return EventType.CHUNK_LOG.wireName();
        }

        /** Whether the attempt failed (rather than succeeded or was killed). */
        public boolean failed() {
            return "failed".equals(state);
        }

        /** The same log kept at {@code newPath} (null: not kept) under the name {@code newFile} (null: none). */
        public ChunkLog at(String newPath, String newFile) {
            return new ChunkLog(
                    t, job, chunk, attempt, pass, frames, slot, host, started, ended, state, exitCode, reason, kind,
                    tail, newPath, chars, truncated, newFile);
        }

        /** The same log as run on another slot (a remote site's slot named with the site). */
        public ChunkLog onSlot(String newSlot) {
            return new ChunkLog(
                    t, job, chunk, attempt, pass, frames, newSlot, host, started, ended, state, exitCode, reason, kind,
                    tail, path, chars, truncated, file);
        }
    }

    /** A machine (a slot of the standalone site, a Jenkins agent with all its executors) is no longer used. */
    record SlotBlocklisted(double t, String job, String slot, String reason) implements JobEvent {
        public SlotBlocklisted {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.SLOT_BLOCKLISTED.wireName();
        }
    }

    /**
     * A sample: {@code kind} preview|thumbnail|contact-sheet|movie, {@code path} where the host serves it, and on a
     * site {@code name} its file name. Previews, thumbnails and the contact sheet are 8-bit PNGs; the movie is an
     * H.264 MP4 of the finished frames.
     */
    record Sample(double t, String job, int frame, String kind, String path, String name) implements JobEvent {
        public Sample {
            t = seconds(t);
        }

        public Sample(double t, String job, int frame, String kind, String path) {
            this(t, job, frame, kind, path, null);
        }

        @Override
        public String type() {
            return EventType.SAMPLE.wireName();
        }

        /** The same sample served from {@code newPath}, named {@code newName} (null: none). */
        public Sample at(String newPath, String newName) {
            return new Sample(t, job, frame, kind, newPath, newName);
        }
    }

    /**
     * A frame is stored at {@code path}, with its SHA-256, the verified image's {@code width} and {@code height}
     * (both or neither; null when not known: a frame already there is not decoded again, an older site states
     * none), and {@code done} of {@code total} frames are (null when the producer does not count them);
     * {@code skipped} when it was already there. On a site also {@code file} (its name) and {@code bytes} (its
     * size), else null.
     */
    record FrameDone(
            double t,
            String job,
            int frame,
            String path,
            String sha256,
            Integer width,
            Integer height,
            Integer done,
            Integer total,
            boolean skipped,
            String file,
            Long bytes)
            implements JobEvent {
        public FrameDone {
            t = seconds(t);
            if (width == null || height == null) {
                width = null;
                height = null;
            }
        }

        /** A frame whose dimensions are not known, outside a site. */
        public FrameDone(
                double t, String job, int frame, String path, String sha256, int done, int total, boolean skipped) {
            this(t, job, frame, path, sha256, null, null, done, total, skipped, null, null);
        }

        @Override
        public String type() {
            return EventType.FRAME_DONE.wireName();
        }

        /** The same frame served from {@code newPath}, as {@code newFile} of {@code newBytes} (nulls: unknown). */
        public FrameDone at(String newPath, String newFile, Long newBytes) {
            return new FrameDone(
                    t, job, frame, newPath, sha256, width, height, done, total, skipped, newFile, newBytes);
        }
    }

    /** The preview pass ended ({@code previews} frames) and the job waits for approval. */
    record AwaitingApproval(double t, String job, Integer previews) implements JobEvent {
        public AwaitingApproval {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.AWAITING_APPROVAL.wireName();
        }
    }

    /** Cancel was requested, for {@code reason}. */
    record Canceled(double t, String job, String reason) implements JobEvent {
        public Canceled {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.CANCELED.wireName();
        }
    }

    /** The job is final: its {@code state} (a JobState name), frame counts, the {@code failed} frame spec, why. */
    record JobFinished(double t, String job, String state, int done, int total, String failed, String reason)
            implements JobEvent {
        public JobFinished {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.JOB_FINISHED.wireName();
        }
    }

    /**
     * A site stopped running the job for now ({@code reason}: it cannot record its progress, its data folder is
     * full); the job is not final and resumes when the site restarts. Live only, never stored or replayed as such.
     */
    record JobStalled(double t, String job, String reason) implements JobEvent {
        public JobStalled {
            t = seconds(t);
        }

        @Override
        public String type() {
            return EventType.JOB_STALLED.wireName();
        }
    }

    /**
     * An event of a type this engine does not know (from a newer remote site), kept with its fields as read so that
     * it can be written out again unchanged; consumers ignore it and a relay drops it.
     */
    record Unknown(String type, double t, String job, Map<String, Object> fields) implements JobEvent {
        public Unknown {
            Objects.requireNonNull(type, "type");
            t = seconds(t);
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }
}
