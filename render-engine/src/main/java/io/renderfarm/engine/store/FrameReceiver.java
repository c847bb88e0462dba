package io.renderfarm.engine.store;

import io.renderfarm.engine.verify.InvalidFrameException;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;

/**
 * Takes frames that were checked where they were rendered (a Jenkins agent decoded them and computed their
 * SHA-256) into a {@link FrameStore} in one pass: the bytes stream from their {@link FrameSource} into the store's
 * {@link IncomingFile}, hashed as they pass, and are committed only when their size and SHA-256 equal what the
 * renderer's host reported. Nothing is decoded or read twice, so what is stored is exactly what was checked there.
 *
 * <p>Bounded, so a host taking frames from many agents keeps a flat heap and cannot be filled up: a frame larger
 * than {@code maxBytes} is refused before a byte is read, a source that delivers more bytes than its host reported
 * (an endless {@code /dev/zero}) is cut off one byte after that size, a refused frame leaves nothing in the store,
 * and at most {@code concurrency} frames stream at once across everything sharing this receiver (callers beyond that
 * wait their turn), each through one fixed buffer. Thread-safe.
 */
public final class FrameReceiver {
    /** Large enough for an 8K multi-layer EXR, small enough that a runaway source is cut off. */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024 * 1024;
    /** Bytes read and written per call; also the whole per-stream heap of a transfer. */
    public static final int BUFFER_BYTES = 256 * 1024;

    private final long maxBytes;
    private final Semaphore streams;
    private final String limitSetting;

    /**
     * @param maxBytes     the largest frame taken in
     * @param concurrency  how many frames may stream at once
     * @param limitSetting where an operator raises {@code maxBytes}, named in the refusal; null names none
     */
    public FrameReceiver(long maxBytes, int concurrency, String limitSetting) {
        if (maxBytes <= 0 || concurrency <= 0) {
            throw new IllegalArgumentException(
                    "need a positive size limit and concurrency, got " + maxBytes + " and " + concurrency);
        }
        this.maxBytes = maxBytes;
        this.streams = new Semaphore(concurrency, true);
        this.limitSetting = limitSetting;
    }

    /** For a host that never streams frames in (every frame is checked where it is taken in). */
    public static FrameReceiver unbounded() {
        return new FrameReceiver(DEFAULT_MAX_BYTES, Integer.MAX_VALUE, null);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Streams frame {@code frame} into {@code store} as {@code fileName}; see the class comment. */
    public StoredFrame receiveFrame(
            FrameStore store, int frame, String fileName, VerifiedFrame reported, FrameSource source)
            throws InvalidFrameException, IOException, InterruptedException {
        checkSize(fileName, reported);
        streams.acquire();
        try (IncomingFile<StoredFrame> target = store.receiveFrame(frame, fileName)) {
            return transfer(fileName, reported, source, target);
        } finally {
            streams.release();
        }
    }

    /** Streams a sample (a preview render) into {@code store} as {@code name}; answers where it is served from. */
    public String receiveSample(FrameStore store, String name, VerifiedFrame reported, FrameSource source)
            throws InvalidFrameException, IOException, InterruptedException {
        checkSize(name, reported);
        streams.acquire();
        try (IncomingFile<String> target = store.receiveSample(name)) {
            return transfer(name, reported, source, target);
        } finally {
            streams.release();
        }
    }

    private void checkSize(String name, VerifiedFrame reported) throws InvalidFrameException {
        if (reported.bytes() <= 0) {
            throw new InvalidFrameException("frame file " + name + " is empty");
        }
        if (reported.bytes() > maxBytes) {
            throw new InvalidFrameException(
                    "frame file " + name + " has " + reported.bytes() + " bytes, over the limit of " + maxBytes
                            + " bytes for one frame" + (limitSetting == null ? "" : " (" + limitSetting + ")"));
        }
    }

    private static <T> T transfer(String name, VerifiedFrame reported, FrameSource source, IncomingFile<T> target)
            throws InvalidFrameException, IOException {
        Copied copied;
        try (InputStream in = source.open()) {
            copied = copy(in, target.stream(), reported.bytes() + 1);
        }
        if (copied.bytes() != reported.bytes()) {
            throw new InvalidFrameException("frame file " + name + " arrived with "
                    + (copied.bytes() > reported.bytes()
                            ? "more than " + reported.bytes()
                            : copied.bytes() + " of its " + reported.bytes())
                    + " bytes; it changed after it was checked, or the transfer broke");
        }
        if (!copied.sha256().equals(reported.sha256())) {
            throw new InvalidFrameException("frame file " + name + " arrived with SHA-256 " + copied.sha256()
                    + ", not the " + reported.sha256() + " it was checked with; it was not stored");
        }
        return target.commit(reported);
    }

    /** What one pass over a stream moved: its byte count and their SHA-256, lower-case hex. */
    public record Copied(long bytes, String sha256) {}

    /**
     * Copies {@code in} to {@code out} through one fixed buffer, hashing the bytes as they pass, and stops once
     * {@code limit} bytes were copied (so an endless source costs at most that much). Closes neither stream.
     */
    public static Copied copy(InputStream in, OutputStream out, long limit) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[(int) Math.min(BUFFER_BYTES, Math.max(1, limit))];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            total += n;
        }
        return new Copied(total, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
