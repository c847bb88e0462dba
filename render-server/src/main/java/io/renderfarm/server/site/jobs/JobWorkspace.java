package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.bundle.BundlePaths;
import io.renderfarm.engine.store.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A job's folder under the data folder: {@code files/} holds the job's files at their relative paths (hard links
 * to the blob store, copies where links are impossible), so a scene finds its textures and includes where it
 * expects them; {@code out/} is the job's frame store. Every name is checked with {@link BundlePaths} before
 * anything is written.
 */
public final class JobWorkspace {
    private final Path jobsRoot;
    private final Path dir;

    public JobWorkspace(Path jobsRoot, String jobId) {
        this.jobsRoot = jobsRoot;
        this.dir = jobsRoot.resolve(jobId);
    }

    public Path files() {
        return dir.resolve("files");
    }

    public Path out() {
        return dir.resolve("out");
    }

    /** Whether the folder exists (a job's, or one a crash mid-submit left). */
    public boolean exists() {
        return Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates the folder for a new job; false, touching nothing, when it already exists. */
    boolean claim() throws IOException {
        Files.createDirectories(jobsRoot);
        try {
            Files.createDirectory(dir);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException taken) {
            return false;
        }
    }

    public Path scene(String scenePath) {
        return BundlePaths.resolveInside(files(), scenePath);
    }

    /** Lays the files out from the blob store; idempotent, so a resumed job re-creates a partly deleted folder. */
    void materialize(List<FileEntry> entries, BlobStore blobs) throws IOException {
        Path root = Files.createDirectories(files());
        for (FileEntry f : entries) {
            Path target = BundlePaths.resolveInside(root, f.path());
            if (Files.exists(target)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Path blob = blobs.path(f.sha256());
            try {
                Files.createLink(target, blob);
            } catch (IOException | UnsupportedOperationException crossDevice) {
                Files.copy(blob, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** Removes the folder; only for one this process created for a submit that did not become a job. */
    void delete() {
        Folders.delete(dir);
    }
}
