package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.event.EventData;
import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.Clock;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a remote job's events into this job's: the local job id, {@code t} counted from this run's start (the
 * remote's clock started later, and again after its restarts), slots named with the remote site
 * ({@code render2:8765/slot-1}, never mistaken for a slot here), and counts of frames held <em>here</em>.
 * Only the engine's event types are relayed; a newer remote's unknown ones are dropped.
 */
final class RelayedEvents {
    /** Relayed as they come (after the rewrites above). */
    private static final Set<String> PASSED = Set.of(
            EventType.CHUNK_STARTED.wireName(),
            EventType.PROGRESS.wireName(),
            EventType.CHUNK_FAILED.wireName(),
            EventType.CHUNK_FINISHED.wireName(),
            EventType.SLOT_BLOCKLISTED.wireName(),
            EventType.AWAITING_APPROVAL.wireName(),
            EventType.CANCELED.wireName(),
            EventType.JOB_STALLED.wireName());

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

    static boolean passed(String type) {
        return PASSED.contains(type);
    }

    JobEvent started(FrameSet frames, String renderer, int slots, String site) {
        return event(
                EventType.JOB_STARTED,
                Map.of(
                        "frames",
                        frames.toString(),
                        "total",
                        frames.size(),
                        "renderer",
                        renderer,
                        "slots",
                        slots,
                        "site",
                        site));
    }

    /** A passed event with the rewrites; {@code done} and {@code total} replace the remote's counts when present. */
    JobEvent relay(JobEvent remote, int done, int total) {
        Map<String, Object> data = new LinkedHashMap<>(remote.data());
        if (data.get("slot") != null) {
            data.put("slot", siteLabel + "/" + data.get("slot"));
        }
        if (data.containsKey("done")) {
            data.put("done", done);
            data.put("total", total);
        }
        return with(remote.type(), data);
    }

    /** A sample event pointing at the copy here. */
    JobEvent sample(JobEvent remote, String localPath) {
        Map<String, Object> data = new LinkedHashMap<>(remote.data());
        data.put("path", localPath);
        return with(remote.type(), data);
    }

    /** A chunk-log event pointing at the copy here (none when it could not be kept), its slot named with the site. */
    JobEvent chunkLog(JobEvent remote, String localPath) {
        Map<String, Object> data = new LinkedHashMap<>(remote.data());
        data.remove("file");
        if (localPath == null) {
            data.remove("path");
        } else {
            data.put("path", localPath);
        }
        if (data.get("slot") != null) {
            data.put("slot", siteLabel + "/" + data.get("slot"));
        }
        return with(remote.type(), data);
    }

    /** @param verified the frame as verified, for its dimensions; null when they are not known here */
    JobEvent frameDone(StoredFrame stored, VerifiedFrame verified, int done, int total, boolean skipped) {
        return event(
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

    JobEvent finished(JobState state, int done, int total, FrameSet failed, String reason) {
        return event(
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

    private JobEvent event(EventType type, Map<String, ?> data) {
        return new JobEvent(type, seconds(), job, data);
    }

    private JobEvent with(String type, Map<String, Object> data) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("t", seconds());
        fields.put("job", job);
        fields.putAll(data);
        return JobEvent.fromMap(fields);
    }

    private double seconds() {
        return (clock.nanoTime() - startNanos) / 1e9;
    }
}
