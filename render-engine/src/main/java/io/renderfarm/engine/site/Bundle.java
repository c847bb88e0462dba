package io.renderfarm.engine.site;

import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
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
     * Collects and hashes the scene and its assets.
     *
     * @param scene    the scene file
     * @param assets   files or folders relative to the scene's folder; empty means the scene's whole folder
     * @param excluded folders never to include (the output folder)
     * @throws IllegalArgumentException when an asset is missing, lies outside the scene's folder or there are too
     *                                  many files
     */
    public static Bundle of(Path scene, List<Path> assets, List<Path> excluded) throws IOException {
        Path file = scene.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("scene not found: " + scene);
        }
        Path root = Objects.requireNonNull(file.getParent(), "the scene's folder"); // a regular file has one
        List<Path> excludedAbs = excluded.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        TreeSet<Path> files = new TreeSet<>();
        files.add(file);
        if (assets.isEmpty()) {
            collect(root, root, excludedAbs, files);
        }
        for (Path asset : assets) {
            Path abs = root.resolve(asset).toAbsolutePath().normalize();
            if (!abs.startsWith(root)) {
                throw new IllegalArgumentException("asset " + asset + " is outside the scene's folder " + root);
            }
            if (!Files.exists(abs)) {
                throw new IllegalArgumentException("asset not found: " + abs);
            }
            collect(root, abs, excludedAbs, files);
        }
        List<FileEntry> entries = new ArrayList<>();
        Map<String, Path> local = new LinkedHashMap<>();
        for (Path f : files) {
            String name = BundlePaths.check(BundlePaths.of(root.relativize(f)));
            entries.add(new FileEntry(name, FrameVerifier.sha256(f), Files.size(f)));
            local.put(name, f);
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

    private static void collect(Path root, Path start, List<Path> excluded, TreeSet<Path> into) throws IOException {
        if (Files.isRegularFile(start)) {
            into.add(start);
            return;
        }
        try (Stream<Path> walk = Files.walk(start)) {
            walk.filter(p -> Files.isRegularFile(p) && included(root, p, excluded)).forEach(p -> {
                if (into.size() >= MAX_FILES) {
                    throw new IllegalArgumentException("the scene's folder " + root + " holds more than " + MAX_FILES
                            + " files; name the assets the scene needs");
                }
                into.add(p);
            });
        }
    }

    private static boolean included(Path root, Path file, List<Path> excluded) {
        for (Path ex : excluded) {
            if (file.startsWith(ex)) {
                return false;
            }
        }
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return !name.matches(".*\\.blend\\d+$");
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
