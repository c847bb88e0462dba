package io.renderfarm.engine.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Field sets of events built in more than one place (a local run, a relayed remote run), so every producer
 * writes them alike, in the order {@link EventType} documents.
 */
public final class EventData {
    private EventData() {}

    /** The fields of a {@code frame-done} event; {@code skipped} appears only when the frame was already there. */
    public static Map<String, Object> frameDone(
            int frame, String path, String sha256, int done, int total, boolean skipped) {
        return frameDone(frame, path, sha256, null, null, done, total, skipped);
    }

    /**
     * The fields of a {@code frame-done} event with the verified image's {@code width} and {@code height} (left
     * out when null: a frame announced again after a restart is not decoded again to learn them).
     */
    public static Map<String, Object> frameDone(
            int frame,
            String path,
            String sha256,
            Integer width,
            Integer height,
            int done,
            int total,
            boolean skipped) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("frame", frame);
        data.put("path", path);
        data.put("sha256", sha256);
        if (width != null && height != null) {
            data.put("width", width);
            data.put("height", height);
        }
        data.put("done", done);
        data.put("total", total);
        if (skipped) {
            data.put("skipped", true);
        }
        return data;
    }
}
