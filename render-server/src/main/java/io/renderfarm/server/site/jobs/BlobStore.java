package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.site.bundle.BlobFolder;
import io.renderfarm.engine.site.bundle.PartialUploads;
import io.renderfarm.engine.site.bundle.UploadResult;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The site's job files by content: the engine's {@link BlobFolder} (content-addressed, checked, resumable uploads),
 * with its refusals turned into the site's {@link ProblemException}s, complete contents made read-only (job folders
 * hard-link them, so no renderer can change a content under its hash), and the usage figures of the resource
 * page, unfinished uploads (which expire, and have a quota) counted apart. Thread-safe.
 */
public final class BlobStore {
    private static final long USAGE_TTL_NANOS = 5_000_000_000L;
    private final BlobFolder folder;
    private final Clock clock;
    private long[] cachedUsage;
    private long usageAt;

    public BlobStore(Path root, long maxFileBytes, PartialUploads partials, Clock clock) throws IOException {
        this.folder = new BlobFolder(root, maxFileBytes, "serve --max-file-mb", partials, clock);
        this.clock = clock;
    }

    public static void checkHash(String sha256) {
        try {
            BlobFolder.checkHash(sha256);
        } catch (SiteException e) {
            throw asProblem(e);
        }
    }

    public Path path(String sha256) {
        try {
            return folder.path(sha256);
        } catch (SiteException e) {
            throw asProblem(e);
        }
    }

    public boolean has(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** Bytes of an unfinished upload of this content; 0 when none. */
    public long received(String sha256) throws IOException {
        try {
            return folder.received(sha256);
        } catch (SiteException e) {
            throw asProblem(e);
        }
    }

    public long maxFileBytes() {
        return folder.maxFileBytes();
    }

    public long bytesReceived() {
        return folder.bytesReceived();
    }

    /**
     * Count and total bytes of complete contents. Walking the store is slow with many files and the resource page
     * polls, so the figure is at most {@link #USAGE_TTL_NANOS} old by the clock.
     */
    public synchronized long[] usage() throws IOException {
        long now = clock.nanoTime();
        if (cachedUsage == null || now - usageAt > USAGE_TTL_NANOS) {
            cachedUsage = walkUsage();
            usageAt = now;
        }
        return cachedUsage.clone();
    }

    private long[] walkUsage() throws IOException {
        long[] usage = new long[2];
        Path partial = folder.partialFolder();
        try (Stream<Path> walk = Files.walk(partial.getParent())) {
            walk.filter(p -> Files.isRegularFile(p) && !p.startsWith(partial)).forEach(p -> {
                usage[0]++;
                usage[1] += p.toFile().length();
            });
        }
        return usage;
    }

    /** Count and bytes of unfinished uploads, abandoned ones deleted first (see {@link PartialUploads}). */
    public long[] partialUsage() throws IOException {
        return folder.partialUsage();
    }

    /** Appends an upload's bytes at {@code offset}; see the protocol's {@code PUT /api/blobs/{sha256}}. */
    public UploadResult append(String sha256, long size, long offset, InputStream body) throws IOException {
        UploadResult result;
        try {
            result = folder.append(sha256, size, offset, body);
        } catch (SiteException e) {
            throw asProblem(e);
        }
        if (result.complete()) {
            path(sha256).toFile().setReadOnly();
        }
        return result;
    }

    private static ProblemException asProblem(SiteException e) {
        return ProblemException.of(e);
    }
}
