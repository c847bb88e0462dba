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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("frame", frame);
        data.put("path", path);
        data.put("sha256", sha256);
        data.put("done", done);
        data.put("total", total);
        if (skipped) {
            data.put("skipped", true);
        }
        return data;
    }
}
