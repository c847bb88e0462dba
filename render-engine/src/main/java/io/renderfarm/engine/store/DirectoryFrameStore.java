package io.renderfarm.engine.store;

import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A {@link FrameStore} in a folder (local disk or a NAS mount): frames at {@code <dir>/<name>}, samples in
 * {@code <dir>/samples/}, chunk logs in {@code <dir>/.renderfarm/logs/}, and a manifest
 * {@code <dir>/.renderfarm/manifest.tsv} with one line per stored frame (frame, file name, bytes, SHA-256). A frame file is first written beside its final place and renamed
 * atomically, then recorded; a frame counts as stored only when its file matches its manifest line.
 */
public final class DirectoryFrameStore implements FrameStore {
    public static final String META_DIR = ".renderfarm";
    public static final String SAMPLES_DIR = "samples";
    private static final String MANIFEST = "manifest.tsv";
    private static final String INCOMING = "incoming";
    public static final String LOGS_DIR = "logs";

    private final Path dir;
    private final Path meta;
    private final AtomicLong incomingCounter = new AtomicLong();

    public DirectoryFrameStore(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.meta = this.dir.resolve(META_DIR);
        Files.createDirectories(meta.resolve(INCOMING));
        Files.createDirectories(this.dir.resolve(SAMPLES_DIR));
    }

    public Path directory() {
        return dir;
    }

    /** A scratch folder on the store's file system, so rendered frames can be renamed into place. */
    public Path scratchRoot() throws IOException {
        return Files.createDirectories(meta.resolve("scratch"));
    }

    @Override
    public synchronized Map<Integer, StoredFrame> verifiedFrames() throws IOException {
        Map<Integer, StoredFrame> recorded = readManifest();
        Map<Integer, StoredFrame> verified = new TreeMap<>();
        for (StoredFrame frame : recorded.values()) {
            Path file = dir.resolve(frame.location());
            if (Files.isRegularFile(file)
                    && Files.size(file) == frame.bytes()
                    && FrameVerifier.sha256(file).equals(frame.sha256())) {
                verified.put(
                        frame.frame(), new StoredFrame(frame.frame(), file.toString(), frame.sha256(), frame.bytes()));
            }
        }
        return verified;
    }

    private Map<Integer, StoredFrame> readManifest() throws IOException {
        Path manifest = meta.resolve(MANIFEST);
        Map<Integer, StoredFrame> recorded = new HashMap<>();
        if (!Files.exists(manifest)) {
            return recorded;
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 4 || f[1].contains("/") || f[1].startsWith(".")) {
                continue; // a torn last line after a crash, or a hand-edited entry; the frame is simply re-rendered
            }
            try {
                recorded.put(
                        Integer.parseInt(f[0]),
                        new StoredFrame(Integer.parseInt(f[0]), f[1], f[3], Long.parseLong(f[2])));
            } catch (NumberFormatException torn) {
                // as above
            }
        }
        return recorded;
    }

    @Override
    public StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified) throws IOException {
        Path target = frameTarget(fileName);
        Path incoming = meta.resolve(INCOMING).resolve(fileName + ".part");
        Files.move(rendered, incoming, StandardCopyOption.REPLACE_EXISTING);
        return publish(frame, fileName, incoming, target, verified);
    }

    /** Streamed frames are staged in the store's own folder, so the commit is a rename: the bytes are written once. */
    @Override
    public IncomingFile<StoredFrame> receiveFrame(int frame, String fileName) throws IOException {
        Path target = frameTarget(fileName);
        return StagedFile.create(
                uniqueIncoming(fileName), (staged, verified) -> publish(frame, fileName, staged, target, verified));
    }

    @Override
    public IncomingFile<String> receiveSample(String name) throws IOException {
        Path target = sampleTarget(name);
        return StagedFile.create(uniqueIncoming("sample-" + name), (staged, verified) -> {
            moveAtomically(staged, target);
            return target.toString();
        });
    }

    private Path frameTarget(String fileName) throws IOException {
        Path target = dir.resolve(fileName);
        if (!dir.equals(target.getParent())) {
            throw new IOException("frame name '" + fileName + "' leaves the output folder");
        }
        return target;
    }

    /**
     * A fresh name per stream: two chunks may deliver the same frame (a retry racing a slow original), and a
     * leftover of a crashed run may still lie there.
     */
    private Path uniqueIncoming(String name) {
        return meta.resolve(INCOMING)
                .resolve(name + "." + incomingCounter.incrementAndGet() + "-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    }

    private StoredFrame publish(int frame, String fileName, Path incoming, Path target, VerifiedFrame verified)
            throws IOException {
        moveAtomically(incoming, target);
        synchronized (this) {
            String line = frame + "\t" + fileName + "\t" + verified.bytes() + "\t" + verified.sha256() + "\n";
            Files.writeString(
                    meta.resolve(MANIFEST),
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        }
        return new StoredFrame(frame, target.toString(), verified.sha256(), verified.bytes());
    }

    @Override
    public String putSample(String name, Path image) throws IOException {
        Path target = sampleTarget(name);
        Path incoming = sampleIncoming(name);
        Files.copy(image, incoming, StandardCopyOption.REPLACE_EXISTING);
        moveAtomically(incoming, target);
        return target.toString();
    }

    @Override
    public String putSample(String name, byte[] image) throws IOException {
        Path target = sampleTarget(name);
        Path incoming = sampleIncoming(name);
        Files.write(incoming, image);
        moveAtomically(incoming, target);
        return target.toString();
    }

    /** Chunk logs go to {@code <dir>/.renderfarm/logs/<name>}. */
    @Override
    public String putLog(String name, byte[] text) throws IOException {
        Path logs = Files.createDirectories(logsDirectory());
        Path target = logs.resolve(name);
        if (!logs.equals(target.getParent()) || name.startsWith(".")) {
            throw new IOException("log name '" + name + "' is not a plain file name");
        }
        Path incoming =
                meta.resolve(INCOMING).resolve("log-" + Thread.currentThread().getId() + "-" + name);
        Files.write(incoming, text);
        moveAtomically(incoming, target);
        return target.toString();
    }

    /** Where the chunk logs are: {@code <dir>/.renderfarm/logs}. */
    public Path logsDirectory() {
        return meta.resolve(LOGS_DIR);
    }

    private Path sampleTarget(String name) throws IOException {
        Path target = dir.resolve(SAMPLES_DIR).resolve(name);
        if (!dir.resolve(SAMPLES_DIR).equals(target.getParent())) {
            throw new IOException("sample name '" + name + "' leaves the samples folder");
        }
        return target;
    }

    /** Per thread, so two threads writing the same sample (the contact sheet) never share a scratch file. */
    private Path sampleIncoming(String name) {
        return meta.resolve(INCOMING).resolve("sample-" + Thread.currentThread().getId() + "-" + name);
    }

    @Override
    public void discardPartial() throws IOException {
        for (Path folder : List.of(meta.resolve(INCOMING), meta.resolve("scratch"))) {
            if (Files.exists(folder)) {
                deleteContents(folder);
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteContents(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .filter(p -> !p.equals(folder))
                    .forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
