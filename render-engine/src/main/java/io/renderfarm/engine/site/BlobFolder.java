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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Job files by content for every site that serves {@code /api/blobs} — the standalone site (through its
 * {@code BlobStore}, which adds read-only contents and usage figures) and the Jenkins plugin:
 * {@code <root>/<2 hex digits>/<sha256>}, complete and checked; uploads grow
 * {@code <root>/partial/<sha256>.part}, so an interrupted upload resumes where it stopped, and are hashed and moved
 * into place once {@code size} bytes arrived. Refusals are {@link SiteException}s carrying the HTTP status and
 * {@link Problem} a site answers with. Thread-safe: one upload per content at a time.
 */
public final class BlobFolder {
    private static final int BUFFER = 64 * 1024;
    private final Path root;
    private final Path partial;
    private final long maxFileBytes;
    private final String limitSetting;
    private final Set<String> uploading = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesReceived = new AtomicLong();

    public BlobFolder(Path root, long maxFileBytes) throws IOException {
        this(root, maxFileBytes, null);
    }

    /**
     * @param limitSetting where an operator raises {@code maxFileBytes} (such as {@code serve --max-file-mb}), named
     *                     in the refusal of a file over it; null names none
     */
    public BlobFolder(Path root, long maxFileBytes, String limitSetting) throws IOException {
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

    public boolean has(String sha256) throws SiteException {
        return Files.isRegularFile(path(sha256));
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
        if (!uploading.add(sha256)) {
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
            return received < size ? new UploadResult(sha256, received, size, false) : complete(sha256, part, size);
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
        Files.createDirectories(Objects.requireNonNull(target.getParent(), "a content's folder"));
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new UploadResult(sha256, size, size, true);
    }

    /**
     * Lays a job's files out under {@code dir} at their relative paths (copies, so a renderer cannot alter a content
     * under its hash). Every name is checked with {@link BundlePaths}; every content must be held.
     */
    public void materialize(List<FileEntry> files, Path dir) throws IOException {
        Path base = Files.createDirectories(dir);
        for (FileEntry f : files) {
            Path target = BundlePaths.resolveInside(base, f.path());
            Path blob = path(f.sha256());
            if (!Files.isRegularFile(blob)) {
                throw refusal(409, "Files missing", "file '" + f.path() + "' (" + f.sha256() + ") is not on this site");
            }
            Files.createDirectories(Objects.requireNonNull(target.getParent(), "a job file's folder"));
            Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static SiteException refusal(int status, String title, String detail) {
        return new SiteException(status, new Problem("about:blank", title, status, detail), detail);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
