package io.renderfarm.engine.verify;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The structure of a PNG file: the signature, then chunks each with a correct CRC-32, {@code IHDR} first, at least
 * one {@code IDAT}, and the file ending with {@code IEND}. The JDK's decoder does not check chunk CRCs, so a flipped
 * bit in metadata or in a chunk's header would otherwise pass. Stateless.
 */
final class PngChunks {
    private static final int SIGNATURE = 8;

    private PngChunks() {}

    static void check(byte[] bytes) throws InvalidFrameException {
        int at = SIGNATURE;
        boolean data = false;
        boolean first = true;
        CRC32 crc = new CRC32();
        while (true) {
            if (bytes.length - at < 12) {
                throw new InvalidFrameException(
                        "ends at byte " + bytes.length + " inside a chunk header, before IEND (truncated?)");
            }
            long length = u32(bytes, at);
            String type = new String(bytes, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > bytes.length - at - 12L) {
                throw new InvalidFrameException("chunk '" + printable(type) + "' at byte " + at + " claims " + length
                        + " bytes; the file ends first (truncated?)");
            }
            crc.reset();
            crc.update(bytes, at + 4, 4 + (int) length);
            long stored = u32(bytes, at + 8 + (int) length);
            if (crc.getValue() != stored) {
                throw new InvalidFrameException(
                        "chunk '" + printable(type) + "' at byte " + at + " fails its CRC check (damaged)");
            }
            if (first && !type.equals("IHDR")) {
                throw new InvalidFrameException("starts with chunk '" + printable(type) + "', not IHDR");
            }
            first = false;
            data |= type.equals("IDAT");
            at += 12 + (int) length;
            if (type.equals("IEND")) {
                break;
            }
        }
        if (!data) {
            throw new InvalidFrameException("has no image data (no IDAT chunk)");
        }
        if (at != bytes.length) {
            throw new InvalidFrameException("goes on for " + (bytes.length - at) + " bytes after its IEND chunk");
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "?";
    }
}
