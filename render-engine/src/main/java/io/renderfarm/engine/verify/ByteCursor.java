package io.renderfarm.engine.verify;

import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian numbers and null-terminated strings from a file's bytes, refusing every read past the end
 * with an {@link InvalidFrameException} that says what was being read and where. Not thread-safe.
 */
final class ByteCursor {
    private final byte[] bytes;
    private int position;

    ByteCursor(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int position() {
        return position;
    }

    void seek(long to, String what) throws InvalidFrameException {
        if (to < 0 || to > bytes.length) {
            throw new InvalidFrameException(
                    what + " at byte " + to + " is outside the file (" + bytes.length + " bytes)");
        }
        position = (int) to;
    }

    int remaining() {
        return bytes.length - position;
    }

    private void need(int count, String what) throws InvalidFrameException {
        if (count < 0 || count > bytes.length - position) {
            throw new InvalidFrameException(
                    "the file ends inside " + what + " (byte " + position + " of " + bytes.length + ")");
        }
    }

    int u8(String what) throws InvalidFrameException {
        need(1, what);
        return bytes[position++] & 0xff;
    }

    int i32(String what) throws InvalidFrameException {
        need(4, what);
        int v = (bytes[position] & 0xff)
                | (bytes[position + 1] & 0xff) << 8
                | (bytes[position + 2] & 0xff) << 16
                | (bytes[position + 3] & 0xff) << 24;
        position += 4;
        return v;
    }

    long u32(String what) throws InvalidFrameException {
        return i32(what) & 0xffffffffL;
    }

    long i64(String what) throws InvalidFrameException {
        long low = u32(what);
        long high = u32(what);
        return high << 32 | low;
    }

    /** A null-terminated string of at most {@code max} characters (not counting the null). */
    String cString(int max, String what) throws InvalidFrameException {
        int start = position;
        for (int i = start; i < bytes.length && i <= start + max; i++) {
            if (bytes[i] == 0) {
                position = i + 1;
                return new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
            }
        }
        if (bytes.length - start <= max) {
            throw new InvalidFrameException(
                    "the file ends inside " + what + " (byte " + start + " of " + bytes.length + ")");
        }
        throw new InvalidFrameException(what + " at byte " + start + " is longer than " + max + " characters");
    }

    void skip(int count, String what) throws InvalidFrameException {
        need(count, what);
        position += count;
    }

    byte[] array() {
        return bytes;
    }
}
