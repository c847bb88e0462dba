package io.renderfarm.engine.site;

import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Job files by content for a site that serves {@code /api/blobs} without the standalone site's database (the
 * Jenkins plugin): {@code <root>/<2 hex digits>/<sha256>}, complete and checked; uploads grow
 * {@code <root>/partial/<sha256>.part}, so an interrupted upload resumes where it stopped, and are hashed and moved
 * into place once {@code size} bytes arrived. Refusals are {@link SiteException}s carrying the HTTP status and
 * {@link Problem} a site answers with. Thread-safe: one upload per content at a time.
 *
 * <p>Contents are a cache: each job gets its own copy of its files ({@link #materialize}), and a client sends
 * only what the site lacks. {@link #collectGarbage} removes contents and partial uploads nobody used for a grace
 * period; a use (an upload, a client asking whether the site has it, laying it out for a job) renews a content's
 * last-use time, which is its file's modification time, taken from the injected clock.
 */
public final class BlobFolder {
    private static final int BUFFER = 64 * 1024;
    private final Path root;
    private final Path partial;
    private final long maxFileBytes;
    private final String limitSetting;
    private final Set<String> uploading = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final InstantSource clock;
    /** Uses of contents share it; a collection takes it alone while it deletes, so it never removes one in use. */
    private final ReadWriteLock collection = new ReentrantReadWriteLock();

    public BlobFolder(Path root, long maxFileBytes) throws IOException {
        this(root, maxFileBytes, null);
    }

    /**
     * @param limitSetting where an operator raises {@code maxFileBytes} (such as {@code serve --max-file-mb}), named
     *                     in the refusal of a file over it; null names none
     */
    public BlobFolder(Path root, long maxFileBytes, String limitSetting) throws IOException {
        this(root, maxFileBytes, limitSetting, InstantSource.system());
    }

    /** @param clock when contents are used, for {@link #collectGarbage} */
    public BlobFolder(Path root, long maxFileBytes, String limitSetting, InstantSource clock) throws IOException {
        this.clock = clock;
        this.root = Files.createDirectories(root);
        this.partial = Files.createDirectories(root.resolve("partial"));
        this.maxFileBytes = maxFileBytes;
        this.limitSetting = limitSetting;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Upload bytes this folder has taken in since it was opened. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** The folder holding partial uploads, which are not contents yet. */
    public Path partialFolder() {
        return partial;
    }

    /** Refuses anything but a SHA-256 in the protocol's form, so a hash can never name a path. */
    public static String checkHash(String sha256) throws SiteException {
        if (!SiteProtocol.isSha256(sha256)) {
            throw refusal(400, "Bad request", "'" + abbreviate(sha256) + "' is not a SHA-256 (64 lower-case hex digits)");
        }
        return sha256;
    }

    public Path path(String sha256) throws SiteException {
        return root.resolve(checkHash(sha256).substring(0, 2)).resolve(sha256);
    }

    /** Whether the content is held; asking renews its last use, as a submission that uses it usually follows. */
    public boolean has(String sha256) throws SiteException {
        Path blob = path(sha256);
        collection.readLock().lock();
        try {
            if (!Files.isRegularFile(blob)) {
                return false;
            }
            touch(blob);
            return true;
        } finally {
            collection.readLock().unlock();
        }
    }

    private void touch(Path blob) {
        try {
            Files.setLastModifiedTime(blob, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // A content read-only to us keeps its older time; at worst it is collected and uploaded again.
        }
    }

    /** Bytes of an unfinished upload of this content; 0 when none. */
    public long received(String sha256) throws IOException {
        Path part = partial.resolve(checkHash(sha256) + ".part");
        return Files.exists(part) ? Files.size(part) : 0;
    }

    /** The contents among {@code hashes} not held completely, with the bytes already received of each. */
    public MissingBlobs missing(List<String> hashes) throws IOException {
        List<BlobStatus> missing = new java.util.ArrayList<>();
        for (String sha : new java.util.LinkedHashSet<>(hashes)) {
            if (!has(sha)) {
                missing.add(new BlobStatus(sha, received(sha)));
            }
        }
        return new MissingBlobs(missing);
    }

    /** Appends an upload's bytes at {@code offset}; see the protocol's {@code PUT /api/blobs/{sha256}}. */
    public UploadResult append(String sha256, long size, long offset, InputStream body) throws IOException {
        checkHash(sha256);
        if (size < 0 || offset < 0 || offset > size) {
            throw refusal(400, "Bad request", "need 0 <= offset <= size, got offset " + offset + " and size " + size);
        }
        if (size > maxFileBytes) {
            throw refusal(413, "Too large", "a file of " + size + " bytes is over this site's limit of " + maxFileBytes + " bytes"
                    + (limitSetting == null ? "" : " (" + limitSetting + ")"));
        }
        if (has(sha256)) {
            return new UploadResult(sha256, size, size, true);
        }
        boolean mine;
        collection.readLock().lock(); // a collection sees an upload either registered here or not yet begun
        try {
            mine = uploading.add(sha256);
        } finally {
            collection.readLock().unlock();
        }
        if (!mine) {
            throw refusal(409, "Conflict", "an upload of " + sha256 + " is already in progress");
        }
        try {
            Path part = partial.resolve(sha256 + ".part");
            long held = Files.exists(part) ? Files.size(part) : 0;
            if (held != offset) {
                throw refusal(409, "Conflict", "the upload of " + sha256 + " holds " + held + " bytes; resume at offset "
                        + held + ", not " + offset);
            }
            long received = offset + copy(body, part, size - offset);
            if (received < size) {
                touch(part);
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
                    throw refusal(400, "Bad request", "the body holds more bytes than size says");
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
            throw refusal(422, "Checksum mismatch", "the uploaded bytes have SHA-256 " + actual + ", not " + sha256
                    + "; the upload was discarded");
        }
        Path target = path(sha256);
        collection.readLock().lock();
        try {
            Files.createDirectories(target.getParent());
            touch(part);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            collection.readLock().unlock();
        }
        return new UploadResult(sha256, size, size, true);
    }

    /**
     * Lays a job's files out under {@code dir} at their relative paths (copies, so a renderer cannot alter a content
     * under its hash). Every name is checked with {@link BundlePaths}; every content must be held.
     */
    public void materialize(List<FileEntry> files, Path dir) throws IOException {
        Path base = Files.createDirectories(dir);
        collection.readLock().lock();
        try {
            for (FileEntry f : files) {
                Path target = BundlePaths.resolveInside(base, f.path());
                Path blob = path(f.sha256());
                if (!Files.isRegularFile(blob)) {
                    throw refusal(409, "Files missing", "file '" + f.path() + "' (" + f.sha256() + ") is not on this site");
                }
                touch(blob);
                Files.createDirectories(target.getParent());
                Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            collection.readLock().unlock();
        }
    }

    /** What a {@link #collectGarbage} removed: complete contents and partial uploads, and their bytes. */
    public record Collected(int contents, int partials, long bytes) {
    }

    /**
     * Removes the contents and partial uploads last used more than {@code grace} ago, except contents
     * {@code inUse} says a job of the host still needs from here (a host whose jobs take copies needs none).
     * Uploads in progress are never touched; a client that comes back later for a removed content is told the site
     * lacks it and sends it again.
     */
    public Collected collectGarbage(Duration grace, Predicate<String> inUse) throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, 2)) {
            walk.filter(Files::isRegularFile).forEach(candidates::add);
        }
        int contents = 0;
        int partials = 0;
        long bytes = 0;
        collection.writeLock().lock();
        try {
            for (Path file : candidates) {
                boolean partialUpload = file.getParent().equals(partial);
                String name = file.getFileName().toString();
                String sha = partialUpload ? name.replaceFirst("\\.part$", "") : name;
                if (!SiteProtocol.isSha256(sha) || uploading.contains(sha) || (!partialUpload && inUse.test(sha))) {
                    continue;
                }
                long size;
                try {
                    if (!Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        continue;
                    }
                    size = Files.size(file);
                    Files.delete(file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                bytes += size;
                if (partialUpload) {
                    partials++;
                } else {
                    contents++;
                }
            }
        } finally {
            collection.writeLock().unlock();
        }
        return new Collected(contents, partials, bytes);
    }

    static SiteException refusal(int status, String title, String detail) {
        return new SiteException(status, new Problem("about:blank", title, status, detail), detail);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
