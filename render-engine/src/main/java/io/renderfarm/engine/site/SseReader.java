package io.renderfarm.engine.site;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a {@code text/event-stream} (the Server-Sent Events format): {@code id:}, {@code event:} and {@code data:}
 * fields up to a blank line make one record; comment lines ({@code :}) are keep-alives. Not thread-safe.
 */
public final class SseReader {
    /** One record; {@code id} is null when the record had none. */
    public record Record(String id, String event, String data) {
    }

    private final BufferedReader in;

    public SseReader(BufferedReader in) {
        this.in = in;
    }

    /** The next record with data, or null at the end of the stream. */
    public Record next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Record(id, event, data.toString());
                }
                id = null;
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // "retry" and unknown fields do not concern a reader that reconnects by itself
                }
            }
        }
        return null;
    }
}
