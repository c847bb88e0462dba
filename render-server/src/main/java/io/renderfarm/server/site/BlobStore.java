package io.renderfarm.server.site;

import io.renderfarm.engine.site.SiteProtocol;
import io.renderfarm.engine.site.UploadResult;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Job files by content: {@code <root>/<first two hex digits>/<sha256>}, complete and checked, read-only. Uploads
 * grow {@code <root>/partial/<sha256>.part}, so an interrupted upload resumes at the bytes that arrived; once
 * {@code size} bytes are there the SHA-256 is checked and the file moved into place atomically. Thread-safe: one
 * upload per content at a time.
 */
final class BlobStore {
    private static final int BUFFER = 64 * 1024;
    private final Path root;
    private final Path partial;
    private final long maxFileBytes;
    private final Set<String> uploading = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesReceived = new AtomicLong();
    private static final long USAGE_TTL_NANOS = 5_000_000_000L;
    private long[] cachedUsage;
    private long usageAt;

    BlobStore(Path root, long maxFileBytes) throws IOException {
        this.root = Files.createDirectories(root);
        this.partial = Files.createDirectories(root.resolve("partial"));
        this.maxFileBytes = maxFileBytes;
    }

    static void checkHash(String sha256) {
        if (!SiteProtocol.isSha256(sha256)) {
            throw ProblemException.badRequest("'" + abbreviate(sha256) + "' is not a SHA-256 (64 lower-case hex digits)");
        }
    }

    Path path(String sha256) {
        checkHash(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    boolean has(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** Bytes of an unfinished upload of this content; 0 when none. */
    long received(String sha256) throws IOException {
        Path part = partial.resolve(sha256 + ".part");
        return Files.exists(part) ? Files.size(part) : 0;
    }

    long maxFileBytes() {
        return maxFileBytes;
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    /**
     * Count and total bytes of complete contents. Walking the store is slow with many files and the resource page
     * polls, so the figure is at most {@link #USAGE_TTL_NANOS} old.
     */
    synchronized long[] usage() throws IOException {
        long now = System.nanoTime();
        if (cachedUsage == null || now - usageAt > USAGE_TTL_NANOS) {
            cachedUsage = walkUsage();
            usageAt = now;
        }
        return cachedUsage.clone();
    }

    private long[] walkUsage() throws IOException {
        long[] usage = new long[2];
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> Files.isRegularFile(p) && !p.startsWith(partial)).forEach(p -> {
                usage[0]++;
                usage[1] += p.toFile().length();
            });
        }
        return usage;
    }

    /** Appends an upload's bytes at {@code offset}; see the protocol's {@code PUT /api/blobs/{sha256}}. */
    UploadResult append(String sha256, long size, long offset, InputStream body) throws IOException {
        checkHash(sha256);
        if (size < 0 || offset < 0 || offset > size) {
            throw ProblemException.badRequest("need 0 <= offset <= size, got offset " + offset + " and size " + size);
        }
        if (size > maxFileBytes) {
            throw new ProblemException(413, "Too large", "a file of " + size + " bytes is over this site's limit of "
                    + maxFileBytes + " bytes (serve --max-file-mb)");
        }
        if (has(sha256)) {
            return new UploadResult(sha256, size, size, true);
        }
        if (!uploading.add(sha256)) {
            throw ProblemException.conflict("an upload of " + sha256 + " is already in progress");
        }
        try {
            Path part = partial.resolve(sha256 + ".part");
            long held = Files.exists(part) ? Files.size(part) : 0;
            if (held != offset) {
                throw ProblemException.conflict("the upload of " + sha256 + " holds " + held
                        + " bytes; resume at offset " + held + ", not " + offset);
            }
            long received = offset + copy(body, part, size - offset);
            if (received < size) {
                return new UploadResult(sha256, received, size, false);
            }
            return complete(sha256, part, size);
        } finally {
            uploading.remove(sha256);
        }
    }

    private long copy(InputStream body, Path part, long limit) throws IOException {
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (written + n > limit) {
                    throw ProblemException.badRequest("the body holds more bytes than size says");
                }
                out.write(buffer, 0, n);
                written += n;
                bytesReceived.addAndGet(n);
            }
        }
        return written;
    }

    private UploadResult complete(String sha256, Path part, long size) throws IOException {
        String actual = FrameVerifier.sha256(part);
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(part);
            throw new ProblemException(422, "Checksum mismatch", "the uploaded bytes have SHA-256 " + actual
                    + ", not " + sha256 + "; the upload was discarded");
        }
        Path target = path(sha256);
        Files.createDirectories(target.getParent());
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        // Job folders hard-link these files: read-only, so no renderer can change a content under its hash.
        target.toFile().setReadOnly();
        return new UploadResult(sha256, size, size, true);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
