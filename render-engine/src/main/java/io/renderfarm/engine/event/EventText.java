package io.renderfarm.engine.event;

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
    public static java.util.List<String> tail(JobEvent e) {
        if (e.eventType() != EventType.CHUNK_LOG
                || !"failed".equals(e.string("state"))
                || !(e.get("tail") instanceof java.util.List<?> lines)) {
            return java.util.List.of();
        }
        return lines.stream().map(line -> "    | " + line).toList();
    }

    /** The log line for an event, or null for events that are not logged. */
    public static String describe(JobEvent e) {
        return switch (e.eventType()) {
            case JOB_STARTED ->
                "rendering frames " + e.string("frames") + " (" + e.get("total") + ") with " + e.string("renderer")
                        + " on " + e.get("slots") + " slot(s)";
            case DECISION ->
                "rendering " + e.string("where") + ": " + e.string("reason")
                        + (e.string("site") == null ? "" : " (" + e.string("site") + ")");
            case CHUNK_STARTED ->
                "chunk " + e.get("chunk") + " (frames " + e.string("frames") + ", " + e.string("pass") + ", attempt "
                        + e.get("attempt") + ") on " + e.string("slot");
            case CHUNK_FAILED ->
                "chunk " + e.get("chunk") + " failed on " + e.string("slot")
                        + ("scene".equals(e.string("kind")) ? " (scene error)" : "") + ": " + e.string("reason")
                        + (Boolean.TRUE.equals(e.get("willRetry")) ? " (will retry)" : "");
            case CHUNK_LOG ->
                "failed".equals(e.string("state")) && e.string("path") != null
                        ? "chunk " + e.get("chunk") + " log: " + e.string("path")
                        : null;
            case SLOT_BLOCKLISTED -> e.string("slot") + " blocklisted for this job: " + e.string("reason");
            case FRAME_DONE ->
                "frame " + e.get("frame") + (Boolean.TRUE.equals(e.get("skipped")) ? " already stored" : " stored")
                        + " as " + e.string("path")
                        + (e.get("done") == null ? "" : " (" + e.get("done") + "/" + e.get("total") + ")");
            case AWAITING_APPROVAL -> "preview pass done";
            case CANCELED -> "canceling: " + e.string("reason");
            case JOB_STALLED -> "stopped: " + e.string("reason");
            case JOB_FINISHED ->
                "finished " + e.string("state") + ": " + e.get("done") + "/" + e.get("total") + " frames"
                        + (e.string("reason") == null || e.string("reason").isEmpty()
                                ? ""
                                : " (" + e.string("reason") + ")");
            default -> null;
        };
    }
}
