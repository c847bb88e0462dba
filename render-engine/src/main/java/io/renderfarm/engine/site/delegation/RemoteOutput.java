package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.chunklog.ChunkLog;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.bundle.BundlePaths;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings a job's samples, chunk logs and frames from a site into a local {@link FrameStore}. A frame is downloaded
 * with its SHA-256 computed while it streams in, and stored only when that equals the SHA-256 the site stored, so a
 * frame here is always the frame the site verified; a corrupted download is fetched once more, then refused. The
 * site decoded and checked the image when it took the frame in, so a frame the site states the dimensions of is
 * not decoded here: its bytes are read once. A site that states none (older than the fields) has the frame decoded
 * here as well. A download is refused once it is longer than the frame's size as the site stated it (or,
 * unstated, than {@link SiteClient#MAX_DOWNLOAD_BYTES}), a sample once longer than {@link #MAX_SAMPLE_BYTES}, a
 * chunk log once longer than {@link #MAX_LOG_BYTES}. A frame already held here with the same SHA-256 (a resumed
 * follow) is not downloaded again. Thread-safe.
 */
public final class RemoteOutput {
    /** The largest sample image taken: previews and contact sheets are a few MB. */
    static final long MAX_SAMPLE_BYTES = 256L * 1024 * 1024;
    /**
     * The largest chunk log taken: a site keeps a log's head and tail ({@link ChunkLog#HEAD_CHARS},
     * {@link ChunkLog#TAIL_CHARS}) under a header of a few lines, well under 1 MB even at 4 bytes a character.
     */
    static final long MAX_LOG_BYTES = 4L * 1024 * 1024;

    /** Decodes and checks a frame file; the seam through which a test sees whether a frame was decoded. */
    @FunctionalInterface
    interface ImageCheck {
        VerifiedFrame verify(Path file) throws InvalidFrameException;
    }

    /**
     * A frame as a site announces it, in a {@code frame-done} event or its frame list.
     *
     * @param bytes  its size as the site stated it, or null
     * @param width  the verified image's width as the site stated it, or null (an older site)
     * @param height its height, or null
     */
    record Announced(int frame, String file, String sha256, String url, Long bytes, Integer width, Integer height) {
        static Announced of(FrameView f) {
            return new Announced(f.frame(), f.file(), f.sha256(), f.url(), f.bytes(), f.width(), f.height());
        }

        /** From a {@code frame-done} event as a site streams it. */
        static Announced of(JobEvent.FrameDone e) {
            return new Announced(
                    e.frame(), e.file(), e.sha256(), e.path(), e.bytes(), positive(e.width()), positive(e.height()));
        }

        private static Integer positive(Integer value) {
            return value != null && value > 0 ? value : null;
        }

        boolean hasDimensions() {
            return width != null && height != null && width > 0 && height > 0;
        }
    }

    /**
     * A frame held here: as stored, and as verified when its dimensions are known (null when an already held frame
     * was announced without them).
     */
    record Brought(StoredFrame stored, VerifiedFrame verified) {}

    private final SiteClient client;
    private final FrameStore store;
    private final Path scratch;
    private final ImageCheck decoder;
    private final Map<Integer, StoredFrame> local = new TreeMap<>();

    /** @param scratch a folder on the store's file system for downloads in progress */
    RemoteOutput(SiteClient client, FrameStore store, Path scratch) throws IOException {
        this(client, store, scratch, new FrameVerifier()::verify);
    }

    RemoteOutput(SiteClient client, FrameStore store, Path scratch, ImageCheck decoder) throws IOException {
        this.client = client;
        this.store = store;
        this.scratch = Files.createDirectories(scratch);
        this.decoder = decoder;
        local.putAll(store.verifiedFrames());
    }

    /** Downloads the sample a {@code sample} event names; returns where the store put it. */
    String sample(JobEvent.Sample e) throws IOException {
        String url = e.path();
        if (url == null) {
            throw new IOException("sample event without a path");
        }
        String name = e.name() != null ? e.name() : url.substring(url.lastIndexOf('/') + 1);
        BundlePaths.check(name);
        if (name.contains("/")) {
            throw new IOException("sample name '" + name + "' is not a plain file name");
        }
        Path tmp = Files.createTempFile(scratch, "sample-", ".png");
        try {
            client.download(url, tmp, MAX_SAMPLE_BYTES);
            return store.putSample(name, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Downloads the log a {@code chunk-log} event names and keeps it in the store under the remote's file name;
     * returns where the store put it (null when it keeps no logs).
     */
    String chunkLog(JobEvent.ChunkLog e) throws IOException {
        String url = e.path();
        if (url == null) {
            return null; // the remote site kept no log of it
        }
        String name = ChunkAttempt.fileName(e.chunk(), e.attempt());
        Path tmp = Files.createTempFile(scratch, "log-", ".log");
        try {
            client.download(url, tmp, MAX_LOG_BYTES); // read whole below: never more than a log can be
            return store.putLog(name, Files.readAllBytes(tmp));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The frame as stored here: the copy already held when its SHA-256 matches, else downloaded (at most the
     * announced size, when stated), checked against the announced SHA-256 and stored.
     *
     * @throws IOException when it cannot be fetched, or arrives corrupted twice
     */
    Brought frame(Announced a) throws IOException {
        int frame = a.frame();
        String sha256 = a.sha256();
        synchronized (this) {
            StoredFrame held = local.get(frame);
            if (held != null && held.sha256().equals(sha256)) {
                return new Brought(
                        held,
                        a.hasDimensions() ? new VerifiedFrame(a.width(), a.height(), held.bytes(), sha256) : null);
            }
        }
        if (a.file() == null || a.url() == null || !SiteProtocol.isSha256(sha256)) {
            throw new IOException("frame " + frame + " has no file, url or checksum in its event");
        }
        Path tmp = Files.createTempFile(scratch, "frame-", ".png");
        try {
            long limit = a.bytes() != null && a.bytes() > 0 ? a.bytes() : SiteClient.MAX_DOWNLOAD_BYTES;
            for (int attempt = 1; ; attempt++) {
                SiteClient.Download got = client.download(a.url(), tmp, limit);
                try {
                    if (!got.sha256().equals(sha256)) {
                        throw new InvalidFrameException("frame " + frame + " arrived with SHA-256 " + got.sha256()
                                + ", the site stored " + sha256);
                    }
                    // The site decoded and checked this image when it took it in; these are its bytes, so they are
                    // not decoded again. A site that states no dimensions (older than the fields) gets the decode.
                    VerifiedFrame verified = a.hasDimensions()
                            ? new VerifiedFrame(a.width(), a.height(), got.bytes(), got.sha256())
                            : decoder.verify(tmp);
                    if (!verified.sha256().equals(sha256)) {
                        throw new InvalidFrameException("frame " + frame + " arrived with SHA-256 " + verified.sha256()
                                + ", the site stored " + sha256);
                    }
                    StoredFrame stored = store.putFrame(frame, a.file(), tmp, verified);
                    synchronized (this) {
                        local.put(frame, stored);
                    }
                    return new Brought(stored, verified);
                } catch (InvalidFrameException bad) {
                    if (attempt >= 2) {
                        throw new IOException(bad.getMessage());
                    }
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether the frame is held here with this SHA-256. */
    synchronized boolean has(int frame, String sha256) {
        StoredFrame held = local.get(frame);
        return held != null && held.sha256().equals(sha256);
    }

    /** The frames held here verified, by number. */
    synchronized Map<Integer, StoredFrame> frames() {
        return Collections.unmodifiableMap(new TreeMap<>(local));
    }
}
