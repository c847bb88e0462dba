package io.jenkins.plugins.renderfarm.store;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.IncomingFile;
import io.renderfarm.engine.store.StagedFile;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import jenkins.model.ArtifactManager;
import jenkins.model.Jenkins;
import jenkins.model.StandardArtifactManager;
import jenkins.security.MasterToSlaveCallable;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.VirtualFile;

/**
 * The engine's {@link FrameStore} as the build's artifacts: frames go to {@code <dir>/<name>}, samples to
 * {@code <dir>/samples/<name>}, chunk logs to {@code <dir>/logs/<name>}, each through the artifact manager the build
 * picked ({@link Run#pickArtifactManager()}), so one such as S3's receives them unchanged. Frames arrive as streams
 * from the agents ({@link #receiveFrame}), staged in the build's own folder while the engine hashes them, and
 * published once their checksum matched the agent's: with Jenkins' standard manager, whose artifacts are files in the
 * build's folder, by an atomic rename into its archive (so each byte is written once on the controller); with any
 * other, through its {@link ArtifactManager#archive}. Published files have the process's normal permissions, like any
 * archived file.
 *
 * <p>The checksum of each archived frame is recorded in the build's {@link RenderProgressAction}. A render resumed
 * after a restart trusts that record for the artifacts this build archived itself: a frame counts as stored while its
 * artifact exists with the recorded size, checked in one batch ({@link VirtualFile#run}) instead of downloading and
 * hashing every frame again (which on S3 would fetch the whole shot).
 */
public final class ArtifactFrameStore implements FrameStore {
    private final Run<?, ?> run;
    private final TaskListener listener;
    private final String dir;
    private final RenderProgressAction action;
    private final Path incoming;
    private volatile boolean closed;

    public ArtifactFrameStore(Run<?, ?> run, TaskListener listener, String dir, RenderProgressAction action, Path incoming) {
        this.run = run;
        this.listener = listener;
        this.dir = dir;
        this.action = action;
        this.incoming = incoming;
    }

    /**
     * Refuses further writes and saves the record of what was archived; for a controller shutdown, when the build
     * must stay as a resumed render expects it.
     */
    public void close() {
        closed = true;
        action.saveNow();
    }

    @Override
    public Map<Integer, StoredFrame> verifiedFrames() throws IOException {
        Map<Integer, StoredEntry> recorded = action.storedFrames();
        if (recorded.isEmpty()) {
            return new TreeMap<>();
        }
        VirtualFile root = run.getArtifactManager().root();
        return root.run(new StillArchived(root, recorded));
    }

    /**
     * Which recorded frames still exist with their recorded size; run through {@link VirtualFile#run} so a remote
     * artifact store answers all of them from one listing.
     */
    private static final class StillArchived extends MasterToSlaveCallable<TreeMap<Integer, StoredFrame>, IOException> {
        private static final long serialVersionUID = 1L;
        private final VirtualFile root;
        private final TreeMap<Integer, StoredEntry> recorded;

        StillArchived(VirtualFile root, Map<Integer, StoredEntry> recorded) {
            this.root = root;
            this.recorded = new TreeMap<>(recorded);
        }

        @Override
        public TreeMap<Integer, StoredFrame> call() throws IOException {
            TreeMap<Integer, StoredFrame> stored = new TreeMap<>();
            for (Map.Entry<Integer, StoredEntry> e : recorded.entrySet()) {
                StoredEntry entry = e.getValue();
                VirtualFile file = root.child(entry.getPath());
                if (file.isFile() && file.length() == entry.getBytes()) {
                    stored.put(e.getKey(), new StoredFrame(e.getKey(), entry.getPath(), entry.getSha256(), entry.getBytes()));
                }
            }
            return stored;
        }
    }

    @Override
    public IncomingFile<StoredFrame> receiveFrame(int frame, String fileName) throws IOException {
        String path = dir + "/" + fileName;
        return StagedFile.create(stagedFile(fileName), (staged, verified) -> {
            publish(staged, path);
            return recorded(frame, path, verified);
        });
    }

    @Override
    public IncomingFile<String> receiveSample(String name) throws IOException {
        String path = samplesDir(dir) + "/" + name;
        return StagedFile.create(stagedFile(name), (staged, verified) -> {
            publish(staged, path);
            return path;
        });
    }

    /**
     * A frame that is a file on the controller already (one a remote site rendered, downloaded by the engine).
     * Copied into a new staged file rather than moved: a download is a private temporary file, and the artifact
     * gets the permissions of any file this process writes.
     */
    @Override
    public StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified) throws IOException {
        String path = dir + "/" + fileName;
        Path staged = stagedCopy(rendered, fileName);
        publish(staged, path);
        return recorded(frame, path, verified);
    }

    private StoredFrame recorded(int frame, String path, VerifiedFrame verified) {
        action.recordStored(frame,
                new StoredEntry(path, verified.sha256(), verified.bytes(), verified.width(), verified.height()));
        return new StoredFrame(frame, path, verified.sha256(), verified.bytes());
    }

    /** The artifact folder of the samples of a render archiving into {@code dir}. */
    public static String samplesDir(String dir) {
        return dir + "/samples";
    }

    @Override
    public String putSample(String name, Path image) throws IOException {
        String path = samplesDir(dir) + "/" + name;
        publish(stagedCopy(image, name), path);
        return path;
    }

    /** A new staged file with {@code source}'s bytes; {@code Files.copy(Path, Path)} would copy a private file's mode. */
    private Path stagedCopy(Path source, String name) throws IOException {
        Path staged = stagedFile(name);
        try (InputStream in = Files.newInputStream(source)) {
            Files.copy(in, staged);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        return staged;
    }

    /** Thumbnails and the contact sheet, written straight to a staged file of normal permissions. */
    @Override
    public String putSample(String name, byte[] image) throws IOException {
        String path = samplesDir(dir) + "/" + name;
        Path staged = stagedFile(name);
        Files.write(staged, image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        publish(staged, path);
        return path;
    }

    /** The artifact folder of the chunk logs of a render archiving into {@code dir}. */
    public static String logsDir(String dir) {
        return dir + "/logs";
    }

    /** Archives a chunk attempt's log as {@code <dir>/logs/<name>}, next to the frames, for the build page to link. */
    @Override
    public String putLog(String name, byte[] text) throws IOException {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IOException("log name '" + name + "' is not a plain file name");
        }
        String path = logsDir(dir) + "/" + name;
        Path staged = stagedFile(name);
        Files.write(staged, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        publish(staged, path);
        return path;
    }

    @Override
    public void discardPartial() throws IOException {
        if (Files.isDirectory(incoming)) {
            try (Stream<Path> children = Files.list(incoming)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A fresh name for each file (two deliveries of one frame may overlap) in the build's own folder: on the
     * archive's file system, and gone with the build.
     */
    private Path stagedFile(String name) throws IOException {
        if (closed) {
            throw new IOException("the controller is shutting down; not archiving " + name);
        }
        Files.createDirectories(incoming);
        return incoming.resolve(Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + name);
    }

    /** Makes the staged file the artifact at {@code artifactPath}; the staged file is gone afterwards either way. */
    private void publish(Path staged, String artifactPath) throws IOException {
        try {
            if (closed) {
                throw new IOException("the controller is shutting down; not archiving " + artifactPath);
            }
            ArtifactManager manager = run.pickArtifactManager();
            Path archive = localArchive(manager);
            if (archive != null) {
                Path target = archive.resolve(artifactPath).normalize();
                if (!target.startsWith(archive)) {
                    throw new IOException("artifact path '" + artifactPath + "' leaves the build's archive");
                }
                Files.createDirectories(target.getParent());
                moveAtomically(staged, target);
            } else {
                // archive() takes files by their path in a "workspace": here the staging folder itself.
                manager.archive(new FilePath(incoming.toFile()), Jenkins.get().createLauncher(listener),
                        BuildListenerAdapter.wrap(listener), Map.of(artifactPath, staged.getFileName().toString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while archiving " + artifactPath, e);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * The folder of Jenkins' own {@link StandardArtifactManager}, whose {@code archive} only copies files into it
     * and whose root is that folder: a frame staged beside it is renamed in instead of written a second time.
     * Null for any other manager (a subclass may archive differently), which gets its {@code archive} call.
     */
    private static Path localArchive(ArtifactManager manager) {
        if (manager.getClass() != StandardArtifactManager.class) {
            return null;
        }
        URI uri = manager.root().toURI();
        return "file".equals(uri.getScheme()) ? Path.of(uri).toAbsolutePath().normalize() : null;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
