package io.renderfarm.engine.site.client;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a {@code text/event-stream} (the Server-Sent Events format): {@code id:}, {@code event:} and {@code data:}
 * fields up to a blank line make one record; comment lines ({@code :}) are keep-alives. A line or a record's data
 * longer than {@link #MAX_RECORD_CHARS} is refused with {@link TooLong}: a site's events are a few hundred
 * characters, and a stream without line ends must not fill the memory. Not thread-safe.
 */
public final class SseReader {
    /** The longest line, and the longest data of one record, in characters. */
    public static final int MAX_RECORD_CHARS = 1024 * 1024;

    /** One record; {@code id} is null when the record had none. */
    public record Record(String id, String event, String data) {}

    /** A line or a record went past {@link #MAX_RECORD_CHARS}. */
    public static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super("longer than " + MAX_RECORD_CHARS + " characters");
        }
    }

    private final BufferedReader in;
    private final StringBuilder line = new StringBuilder();
    private boolean afterCr;

    public SseReader(BufferedReader in) {
        this.in = in;
    }

    /** The next record with data, or null at the end of the stream. */
    public Record next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = readLine()) != null) {
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
                case "data" -> {
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                    if (data.length() > MAX_RECORD_CHARS) {
                        throw new TooLong();
                    }
                }
                default -> {
                    // "retry" and unknown fields do not concern a reader that reconnects by itself
                }
            }
        }
        return null;
    }

    /** A line ended by LF, CR or CR LF (as the format allows); null at the end of the stream. */
    private String readLine() throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) >= 0) {
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                afterCr = c == '\r';
                return line.toString();
            }
            if (line.length() >= MAX_RECORD_CHARS) {
                throw new TooLong();
            }
            line.append((char) c);
        }
        return line.length() > 0 ? line.toString() : null;
    }
}
