package io.renderfarm.engine.site.bundle;

import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Job files by content for every site that serves {@code /api/blobs} — the standalone site (through its
 * {@code BlobStore}, which adds read-only contents and usage figures) and the Jenkins plugin:
 * {@code <root>/<2 hex digits>/<sha256>}, complete and checked; uploads grow
 * {@code <root>/partial/<sha256>.part}, so an interrupted upload resumes where it stopped, and are hashed and moved
 * into place once {@code size} bytes arrived. Refusals are {@link SiteException}s carrying the HTTP status and
 * {@link Problem} a site answers with. Thread-safe: one upload per content at a time.
 *
 * <p>Unfinished uploads have one expiry, {@link PartialUploads}: one without a new byte for its
 * {@code expireAfter} (by {@link Clock#nanoTime}, kept in memory; one found on disk counts from when this folder
 * first saw it) is deleted whenever uploads are admitted, counted or {@link #collectGarbage collected}, and an
 * upload that would take them over their quota is refused with 507.
 *
 * <p>Contents are a cache: each job gets its own copy of its files ({@link #materialize}), and a client sends
 * only what the site lacks. {@link #collectGarbage} removes contents nobody used for a grace period; a use (an
 * upload, a client asking whether the site has it, laying it out for a job) renews a content's last use, which is
 * its file's modification time (by {@link Clock#instant}, so it outlives a restart).
 *
 * <p>Over 400 lines: admitting, resuming, checking and laying out uploads share one lock and one on-disk layout.
 */
public final class BlobFolder {
    private static final int BUFFER = 64 * 1024;
    private static final String PART = ".part";
    private final Path root;
    private final Path partial;
    private final long maxFileBytes;
    private final String limitSetting;
    private final PartialUploads partials;
    private final Clock clock;
    /** Contents being uploaded now, with the size each will have; guarded by {@code this}. */
    private final Map<String, Long> uploading = new HashMap<>();
    /** When each unfinished upload last received a byte (or was first seen), by the clock; guarded by {@code this}. */
    private final Map<String, Long> touched = new HashMap<>();

    private final AtomicLong bytesReceived = new AtomicLong();
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
        this(root, maxFileBytes, limitSetting, PartialUploads.DEFAULT, Clock.SYSTEM);
    }

    /** @param clock when unfinished uploads last grew, and when contents were last used */
    public BlobFolder(Path root, long maxFileBytes, String limitSetting, PartialUploads partials, Clock clock)
            throws IOException {
        this.root = Files.createDirectories(root);
        this.partial = Files.createDirectories(root.resolve("partial"));
        this.maxFileBytes = maxFileBytes;
        this.limitSetting = limitSetting;
        this.partials = partials;
        this.clock = clock;
        expireAbandoned();
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
            throw ProblemType.BAD_REQUEST.refusal(
                    "'" + abbreviate(sha256) + "' is not a SHA-256 (64 lower-case hex digits)");
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
            throw ProblemType.BAD_REQUEST.refusal(
                    "need 0 <= offset <= size, got offset " + offset + " and size " + size);
        }
        if (size > maxFileBytes) {
            throw ProblemType.TOO_LARGE.refusal("a file of " + size + " bytes is over this site's limit of "
                    + maxFileBytes + " bytes" + (limitSetting == null ? "" : " (" + limitSetting + ")"));
        }
        if (has(sha256)) {
            return new UploadResult(sha256, size, size, true);
        }
        Path part = partial.resolve(sha256 + PART);
        admit(sha256, size);
        long held = -1;
        try {
            held = Files.exists(part) ? Files.size(part) : 0;
            if (held != offset) {
                throw ProblemType.CONFLICT.refusal("the upload of " + sha256 + " holds " + held
                        + " bytes; resume at offset " + held + ", not " + offset);
            }
            long received = offset + copy(body, part, size - offset);
            return received < size ? new UploadResult(sha256, received, size, false) : complete(sha256, part, size);
        } finally {
            synchronized (this) {
                uploading.remove(sha256);
                if (held >= 0 && sizeOrZero(part) != held) {
                    touched.put(sha256, clock.nanoTime()); // it grew: abandoned only after another expireAfter
                }
            }
        }
    }

    /** Starts an upload of {@code size} bytes unless one of this content runs or it would break the quota. */
    private synchronized void admit(String sha256, long size) throws IOException {
        if (uploading.containsKey(sha256)) {
            throw ProblemType.CONFLICT.refusal("an upload of " + sha256 + " is already in progress");
        }
        long held = sweepPartials(sha256).held();
        if (held + size > partials.maxBytes()) {
            throw ProblemType.INSUFFICIENT_STORAGE.refusal("unfinished uploads on this site hold " + held + " of their "
                    + partials.maxBytes() + " bytes"
                    + (partials.maxBytesSetting() == null ? "" : " (" + partials.maxBytesSetting() + ")")
                    + ", too little room for this file of " + size
                    + " bytes; retry once other uploads finished, or after abandoned ones expire ("
                    + partials.expireAfter().toHours() + " h without a byte)");
        }
        uploading.put(sha256, size);
    }

    /** Count and bytes of unfinished uploads (in progress at the bytes they hold), after deleting abandoned ones. */
    public synchronized long[] partialUsage() throws IOException {
        expireAbandoned();
        long[] usage = new long[2];
        for (Path part : parts()) {
            usage[0]++;
            usage[1] += sizeOrZero(part);
        }
        return usage;
    }

    /** Deletes unfinished uploads without a byte for longer than their {@code expireAfter}. */
    public synchronized void expireAbandoned() throws IOException {
        sweepPartials(null);
    }

    /**
     * What {@link #sweepPartials} found: the bytes unfinished uploads count against the quota, and the abandoned
     * ones it deleted.
     */
    private record PartialSweep(long held, int expired, long expiredBytes) {}

    /**
     * Deletes abandoned unfinished uploads; the others count against the quota (those in progress at their full
     * size), leaving out {@code except}'s. The caller holds {@code this}.
     */
    private PartialSweep sweepPartials(String except) throws IOException {
        long now = clock.nanoTime();
        long held = 0;
        int expired = 0;
        long expiredBytes = 0;
        Set<String> present = new HashSet<>();
        for (Path part : parts()) {
            String name = String.valueOf(part.getFileName());
            String sha = name.substring(0, name.length() - PART.length());
            present.add(sha);
            if (uploading.containsKey(sha)) {
                held += sha.equals(except) ? 0 : uploading.get(sha);
                continue;
            }
            Long last = touched.putIfAbsent(sha, now);
            if (last != null && now - last > partials.expireAfter().toNanos()) {
                long bytes = sizeOrZero(part);
                if (Files.deleteIfExists(part)) {
                    expired++;
                    expiredBytes += bytes;
                }
                touched.remove(sha);
                present.remove(sha);
            } else if (!sha.equals(except)) {
                held += sizeOrZero(part);
            }
        }
        touched.keySet().retainAll(present);
        for (Map.Entry<String, Long> u : uploading.entrySet()) {
            if (!present.contains(u.getKey()) && !u.getKey().equals(except)) {
                held += u.getValue(); // started, no byte written yet
            }
        }
        return new PartialSweep(held, expired, expiredBytes);
    }

    private List<Path> parts() throws IOException {
        try (Stream<Path> list = Files.list(partial)) {
            return list.filter(p -> String.valueOf(p.getFileName()).endsWith(PART) && Files.isRegularFile(p))
                    .toList();
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private long copy(InputStream body, Path part, long limit) throws IOException {
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (written + n > limit) {
                    throw ProblemType.BAD_REQUEST.refusal("the body holds more bytes than size says");
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
            throw ProblemType.CHECKSUM_MISMATCH.refusal(
                    "the uploaded bytes have SHA-256 " + actual + ", not " + sha256 + "; the upload was discarded");
        }
        Path target = path(sha256);
        collection.readLock().lock(); // the new content's time is set before a collection can see it
        try {
            Files.createDirectories(Objects.requireNonNull(target.getParent(), "a content's folder"));
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
                    throw ProblemType.FILES_MISSING.refusal(
                            "file '" + f.path() + "' (" + f.sha256() + ") is not on this site");
                }
                touch(blob);
                Files.createDirectories(Objects.requireNonNull(target.getParent(), "a job file's folder"));
                Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            collection.readLock().unlock();
        }
    }

    /** What a {@link #collectGarbage} removed: complete contents and partial uploads, and their bytes. */
    public record Collected(int contents, int partials, long bytes) {}

    /**
     * Removes the contents last used more than {@code grace} ago, except those {@code inUse} says a job of the host
     * still needs from here (a host whose jobs take copies needs none), and the abandoned unfinished uploads (by
     * {@link PartialUploads}, not {@code grace}). Uploads in progress are never touched; a client that comes back
     * later for a removed content is told the site lacks it and sends it again.
     */
    public Collected collectGarbage(Duration grace, Predicate<String> inUse) throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, 2)) {
            walk.filter(f -> !f.startsWith(partial) && Files.isRegularFile(f)).forEach(candidates::add);
        }
        int contents = 0;
        long bytes = 0;
        collection.writeLock().lock();
        try {
            for (Path file : candidates) {
                String sha = String.valueOf(file.getFileName());
                if (!SiteProtocol.isSha256(sha) || inUse.test(sha)) {
                    continue;
                }
                try {
                    if (!Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        continue;
                    }
                    long size = Files.size(file);
                    Files.delete(file);
                    bytes += size;
                    contents++;
                } catch (NoSuchFileException gone) {
                    // removed by someone else meanwhile: nothing left to collect
                }
            }
        } finally {
            collection.writeLock().unlock();
        }
        PartialSweep abandoned;
        synchronized (this) {
            abandoned = sweepPartials(null);
        }
        return new Collected(contents, abandoned.expired(), bytes + abandoned.expiredBytes());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
