package io.jenkins.plugins.renderfarm.store;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.VirtualFile;

/**
 * The engine's {@link FrameStore} as the build's artifacts: frames go to {@code <dir>/<name>}, samples to
 * {@code <dir>/samples/<name>}, chunk logs to {@code <dir>/logs/<name>}, each through {@link Run#pickArtifactManager()}, so an artifact manager such as
 * S3's receives them unchanged. The checksum of each archived frame is recorded in the build's
 * {@link RenderProgressAction}; a frame counts as stored only while its artifact still has that size and checksum,
 * which is how a render resumed after a restart skips what is already there.
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

    /** Refuses further writes; for a controller shutdown, when the build must stay as a resumed render expects it. */
    public void close() {
        closed = true;
    }

    @Override
    public Map<Integer, StoredFrame> verifiedFrames() throws IOException {
        Map<Integer, StoredFrame> verified = new TreeMap<>();
        VirtualFile root = run.getArtifactManager().root();
        for (Map.Entry<Integer, StoredEntry> e : action.storedFrames().entrySet()) {
            StoredEntry entry = e.getValue();
            VirtualFile file = root.child(entry.getPath());
            if (file.isFile() && file.length() == entry.getBytes() && entry.getSha256().equals(sha256(file))) {
                verified.put(e.getKey(), new StoredFrame(e.getKey(), entry.getPath(), entry.getSha256(), entry.getBytes()));
            }
        }
        return verified;
    }

    @Override
    public StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified) throws IOException {
        String path = dir + "/" + fileName;
        archive(rendered, fileName, path, true);
        action.recordStored(frame, new StoredEntry(path, verified.sha256(), verified.bytes()));
        return new StoredFrame(frame, path, verified.sha256(), verified.bytes());
    }

    /** The artifact folder of the samples of a render archiving into {@code dir}. */
    public static String samplesDir(String dir) {
        return dir + "/samples";
    }

    @Override
    public String putSample(String name, Path image) throws IOException {
        String path = samplesDir(dir) + "/" + name;
        archive(image, name, path, false);
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
        Files.createDirectories(incoming);
        Path temp = Files.createTempFile(incoming, "log-", ".log");
        try {
            Files.write(temp, text);
            String path = logsDir(dir) + "/" + name;
            archive(temp, name, path, true);
            return path;
        } finally {
            Files.deleteIfExists(temp);
        }
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

    private void archive(Path file, String name, String artifactPath, boolean move) throws IOException {
        if (closed) {
            throw new IOException("the controller is shutting down; not archiving " + artifactPath);
        }
        Files.createDirectories(incoming);
        // archive() copies named files out of a "workspace" folder; each file gets a folder of its own.
        Path stage = Files.createTempDirectory(incoming, "archive-");
        try {
            Path staged = stage.resolve(name);
            if (move) {
                Files.move(file, staged, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
            }
            run.pickArtifactManager().archive(new FilePath(stage.toFile()), Jenkins.get().createLauncher(listener),
                    BuildListenerAdapter.wrap(listener), Map.of(artifactPath, name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while archiving " + artifactPath, e);
        } finally {
            deleteTree(stage);
        }
    }

    /** The artifact may be remote (S3); the engine hashes files, so it is fetched to a temp file first. */
    private String sha256(VirtualFile file) throws IOException {
        Files.createDirectories(incoming);
        Path temp = Files.createTempFile(incoming, "verify-", ".bin");
        try (InputStream in = file.open()) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            return FrameVerifier.sha256(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
