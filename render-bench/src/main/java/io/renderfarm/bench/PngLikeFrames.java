package io.renderfarm.bench;

import io.renderfarm.engine.store.FrameReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Frame files of a real 16-bit RGB PNG's size for the intake benchmark: the PNG signature, an IHDR chunk for
 * {@code width × height} at 16 bits per channel, then {@code width × height × 6} bytes of random (incompressible)
 * pixel data in 1 MiB IDAT chunks, and IEND. The data is not a zlib stream, so any attempt to decode such a frame
 * fails: the benchmark's frames are taken in only if nothing decodes them.
 */
final class PngLikeFrames {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IDAT_BYTES = 1 << 20;

    private PngLikeFrames() {}

    /** Writes one frame file; answers its size and SHA-256 as the agent's check would report them. */
    static FrameReceiver.Copied write(Path file, int width, int height, long seed) throws IOException {
        try (OutputStream file0 = Files.newOutputStream(file)) {
            HashingOut out = new HashingOut(file0);
            out.write(SIGNATURE, 0, SIGNATURE.length);
            ByteBuffer ihdr = ByteBuffer.allocate(13)
                    .putInt(width)
                    .putInt(height)
                    .put((byte) 16)
                    .put((byte) 2)
                    .put((byte) 0)
                    .put((byte) 0)
                    .put((byte) 0);
            chunk(out, "IHDR", ihdr.array(), 13);
            SplittableRandom random = new SplittableRandom(seed);
            byte[] data = new byte[IDAT_BYTES];
            long left = (long) width * height * 6;
            while (left > 0) {
                int n = (int) Math.min(data.length, left);
                for (int i = 0; i < n; i += 8) {
                    long r = random.nextLong();
                    for (int b = 0; b < 8 && i + b < n; b++) {
                        data[i + b] = (byte) (r >>> (8 * b));
                    }
                }
                chunk(out, "IDAT", data, n);
                left -= n;
            }
            chunk(out, "IEND", new byte[0], 0);
            return out.copied();
        }
    }

    private static void chunk(HashingOut out, String type, byte[] data, int length) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        out.write(ByteBuffer.allocate(4).putInt(length).array(), 0, 4);
        out.write(typeBytes, 0, 4);
        out.write(data, 0, length);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array(), 0, 4);
    }

    /** Hashes what it writes, so generating a frame also gives the checksum its "agent" reports. */
    private static final class HashingOut {
        private final OutputStream out;
        private final java.security.MessageDigest digest;
        private long bytes;

        HashingOut(OutputStream out) {
            this.out = out;
            try {
                this.digest = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void write(byte[] b, int off, int len) throws IOException {
            digest.update(b, off, len);
            out.write(b, off, len);
            bytes += len;
        }

        FrameReceiver.Copied copied() {
            return new FrameReceiver.Copied(bytes, java.util.HexFormat.of().formatHex(digest.digest()));
        }
    }
}
