package io.renderfarm.engine.event;

import io.renderfarm.engine.event.JobEvent.AwaitingApproval;
import io.renderfarm.engine.event.JobEvent.Canceled;
import io.renderfarm.engine.event.JobEvent.ChunkFailed;
import io.renderfarm.engine.event.JobEvent.ChunkLog;
import io.renderfarm.engine.event.JobEvent.ChunkStarted;
import io.renderfarm.engine.event.JobEvent.Decision;
import io.renderfarm.engine.event.JobEvent.FrameDone;
import io.renderfarm.engine.event.JobEvent.JobFinished;
import io.renderfarm.engine.event.JobEvent.JobStalled;
import io.renderfarm.engine.event.JobEvent.JobStarted;
import io.renderfarm.engine.event.JobEvent.SlotBlocklisted;
import java.util.List;

/**
 * One line of text per event for a log a person reads later (a Jenkins build log, a CLI's plain output), or null
 * for events only a live view shows (progress ticks, chunk ends). The wording is shared so every host describes a
 * job the same way.
 */
public final class EventText {
    private EventText() {}

    /**
     * The last lines of a failed attempt's renderer output ({@code chunk-log} events), indented, for a log a
     * person reads after the {@link #describe} line; empty for every other event.
     */
    public static List<String> tail(JobEvent e) {
        if (!(e instanceof ChunkLog log) || !log.failed() || log.tail() == null) {
            return List.of();
        }
        return log.tail().stream().map(line -> "    | " + line).toList();
    }

    /** The log line for an event, or null for events that are not logged. */
    public static String describe(JobEvent e) {
        if (e instanceof JobStarted s) {
            return "rendering frames " + s.frames() + " (" + s.total() + ") with " + s.renderer() + " on " + s.slots()
                    + " slot(s)";
        } else if (e instanceof Decision d) {
            return "rendering " + d.where() + ": " + d.reason() + (d.site() == null ? "" : " (" + d.site() + ")");
        } else if (e instanceof ChunkStarted c) {
            return "chunk " + c.chunk() + " (frames " + c.frames() + ", " + c.pass() + ", attempt " + c.attempt()
                    + ") on " + c.slot();
        } else if (e instanceof ChunkFailed c) {
            return "chunk " + c.chunk() + " failed on " + c.slot() + ("scene".equals(c.kind()) ? " (scene error)" : "")
                    + ": " + c.reason() + (c.willRetry() ? " (will retry)" : "");
        } else if (e instanceof ChunkLog l) {
            return l.failed() && l.path() != null ? "chunk " + l.chunk() + " log: " + l.path() : null;
        } else if (e instanceof SlotBlocklisted b) {
            return b.slot() + " blocklisted for this job: " + b.reason();
        } else if (e instanceof FrameDone f) {
            return "frame " + f.frame() + (f.skipped() ? " already stored" : " stored") + " as " + f.path()
                    + (f.done() == null ? "" : " (" + f.done() + "/" + f.total() + ")");
        } else if (e instanceof AwaitingApproval) {
            return "preview pass done";
        } else if (e instanceof Canceled c) {
            return "canceling: " + c.reason();
        } else if (e instanceof JobStalled s) {
            return "stopped: " + s.reason();
        } else if (e instanceof JobFinished j) {
            return "finished " + j.state() + ": " + j.done() + "/" + j.total() + " frames"
                    + (j.reason() == null || j.reason().isEmpty() ? "" : " (" + j.reason() + ")");
        }
        return null;
    }
}
