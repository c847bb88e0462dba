package io.renderfarm.engine.site.bundle;

import io.renderfarm.engine.job.SceneLinks;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The files a job sends to a site, content-addressed: the scene and its assets, each named relative to the scene's
 * folder and identified by SHA-256, so a site that already holds a content is sent none of its bytes again.
 *
 * <p>Which files: the listed assets (files or folders, relative to the scene's folder), or when none are listed
 * the scene's whole folder tree — except hidden entries, Blender's {@code .blend1}/{@code .blend2} backups and the
 * excluded folders (the output folder when it lies inside). Immutable.
 */
public final class Bundle {
    /** More files than this without explicit assets almost always means the scene sits in a folder of unrelated files. */
    public static final int MAX_FILES = 10_000;

    private final String scene;
    private final List<FileEntry> entries;
    private final Map<String, Path> localFiles;

    private Bundle(String scene, List<FileEntry> entries, Map<String, Path> localFiles) {
        this.scene = scene;
        this.entries = List.copyOf(entries);
        this.localFiles = Collections.unmodifiableMap(localFiles);
    }

    /**
     * Collects and hashes the scene and its assets. Links are followed only where they stay inside the scene's
     * folder ({@link SceneLinks}): a link leading out of it, or back to a folder that holds it, is refused, so
     * nothing outside the folder is ever read or sent.
     *
     * @param scene    the scene file
     * @param assets   files or folders relative to the scene's folder; empty means the scene's whole folder
     * @param excluded folders never to include (the output folder)
     * @throws IllegalArgumentException when an asset is missing, lies outside the scene's folder (also through a
     *                                  link), a link loops, or there are too many files
     */
    public static Bundle of(Path scene, List<Path> assets, List<Path> excluded) throws IOException {
        Path file = scene.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("scene not found: " + scene);
        }
        Path root = Objects.requireNonNull(file.getParent(), "the scene's folder"); // a regular file has one
        Walk walk = new Walk(
                root,
                root.toRealPath(),
                excluded.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        walk.take(file);
        if (assets.isEmpty()) {
            walk.folder(root);
        }
        for (Path asset : assets) {
            Path abs = root.resolve(asset).toAbsolutePath().normalize();
            if (!abs.startsWith(root)) {
                throw new IllegalArgumentException("asset " + asset + " is outside the scene's folder " + root);
            }
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("asset not found: " + abs);
            }
            walk.take(abs);
        }
        List<FileEntry> entries = new ArrayList<>();
        Map<String, Path> local = new LinkedHashMap<>();
        for (Map.Entry<Path, Path> f : walk.files.entrySet()) {
            String name = BundlePaths.check(BundlePaths.of(root.relativize(f.getKey())));
            entries.add(new FileEntry(name, FrameVerifier.sha256(f.getValue()), Files.size(f.getValue())));
            local.put(name, f.getValue());
        }
        return new Bundle(BundlePaths.of(root.relativize(file)), entries, local);
    }

    /**
     * A bundle of files already named and hashed, each held in a local file: a site forwarding a job sends the
     * contents of its own content store. The names are checked as for any bundle; the hashes are trusted (the
     * receiving site checks every upload's SHA-256 anyway).
     *
     * @param localFile where the content of each entry is
     */
    public static Bundle ofEntries(String scene, List<FileEntry> entries, Function<FileEntry, Path> localFile) {
        Map<String, Path> local = new LinkedHashMap<>();
        for (FileEntry e : entries) {
            local.put(BundlePaths.check(e.path()), localFile.apply(e));
        }
        if (!local.containsKey(scene)) {
            throw new IllegalArgumentException("the scene " + scene + " is not among the files");
        }
        return new Bundle(scene, entries, local);
    }

    /**
     * One walk of the scene's folder: every file found by its path in the folder (a link's own path), with the real
     * file to read. Folders on the way are tracked by real path, so a link back into one of them is a loop.
     */
    private static final class Walk {
        private final Path root;
        private final Path realRoot;
        private final List<Path> excluded;
        private final TreeMap<Path, Path> files = new TreeMap<>();
        private final Set<Path> openFolders = new HashSet<>();

        Walk(Path root, Path realRoot, List<Path> excluded) {
            this.root = root;
            this.realRoot = realRoot;
            this.excluded = excluded;
        }

        /** A file or folder named by the scene or an asset: taken whatever its name, links checked. */
        void take(Path path) throws IOException {
            Path real = SceneLinks.resolve(root, shown(path)).orElse(null);
            if (real == null) {
                return;
            }
            if (Files.isDirectory(real)) {
                folder(path);
            } else if (Files.isRegularFile(real)) {
                add(path, real);
            }
        }

        void folder(Path dir) throws IOException {
            Path real = dir.toRealPath();
            if (!openFolders.add(real)) {
                throw SceneLinks.loop(shown(dir));
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(dir)) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                if (!included(child)) {
                    continue;
                }
                Path target = real(child);
                if (target == null) {
                    continue;
                }
                if (Files.isDirectory(target)) {
                    folder(child);
                } else if (Files.isRegularFile(target)) {
                    add(child, target);
                }
            }
            openFolders.remove(real);
        }

        /** The real file behind a path whose folder was already checked; null for a link that leads nowhere. */
        private Path real(Path path) {
            if (!Files.isSymbolicLink(path)) {
                return path;
            }
            return SceneLinks.target(realRoot, path, shown(path)).orElse(null);
        }

        private void add(Path path, Path real) {
            if (!files.containsKey(path) && files.size() >= MAX_FILES) {
                throw new IllegalArgumentException("the scene's folder " + root + " holds more than " + MAX_FILES
                        + " files; name the assets the scene needs");
            }
            files.put(path, real);
        }

        private boolean included(Path file) {
            for (Path ex : excluded) {
                if (file.startsWith(ex)) {
                    return false;
                }
            }
            if (String.valueOf(file.getFileName()).startsWith(".")) {
                return false;
            }
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            return !name.matches(".*\\.blend\\d+$");
        }

        private String shown(Path path) {
            return BundlePaths.of(root.relativize(path));
        }
    }

    /** The scene's path among the entries. */
    public String scene() {
        return scene;
    }

    /** Every file, sorted by path. */
    public List<FileEntry> entries() {
        return entries;
    }

    /** The local file holding an entry's content. */
    public Path localFile(FileEntry entry) {
        return localFiles.get(entry.path());
    }

    public long totalBytes() {
        return entries.stream().mapToLong(FileEntry::size).sum();
    }
}
