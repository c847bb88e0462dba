package io.renderfarm.engine.capability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remembers the version a renderer program printed, keyed by the program file's identity (real path, size,
 * modification time), so a short command-line render does not start Blender once just to read its version (about
 * 0.3 s). A package upgrade replaces the file, which changes its identity and so probes again. The cache is a
 * small tab-separated file ({@code name, real path, bytes, mtime millis, version}); when it cannot be read or
 * written the probe simply runs, so the cache can never make a version wrong, only skip a run. Thread-safe.
 */
public final class RendererVersionCache {
    private static final int MAX_ENTRIES = 64;

    private final Path file;

    public RendererVersionCache(Path file) {
        this.file = file;
    }

    /** The cache file under {@code $XDG_CACHE_HOME} (else {@code ~/.cache}): {@code renderfarm/renderer-versions.tsv}. */
    public static RendererVersionCache inUserCache() {
        return new RendererVersionCache(userCacheFolder().resolve("renderer-versions.tsv"));
    }

    /** This user's cache folder of the farm: {@code $XDG_CACHE_HOME/renderfarm}, else {@code ~/.cache/renderfarm}. */
    public static Path userCacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("renderfarm");
    }

    /**
     * The cached version of {@code executable} for {@code renderer} when the program file is unchanged, else the
     * {@code probe}'s answer, remembered when it found a version.
     */
    public synchronized Optional<String> version(String renderer, String executable, Supplier<Optional<String>> probe) {
        Optional<String> key = identity(executable);
        if (key.isEmpty()) {
            return probe.get();
        }
        String prefix = renderer + "\t" + key.get() + "\t";
        List<String> lines = read();
        for (String line : lines) {
            if (line.startsWith(prefix) && line.length() > prefix.length()) {
                return Optional.of(line.substring(prefix.length()));
            }
        }
        Optional<String> version = probe.get();
        version.filter(v -> !v.contains("\t") && !v.contains("\n")).ifPresent(v -> {
            List<String> kept = new ArrayList<>();
            for (String line : lines) {
                if (!line.startsWith(
                        renderer + "\t" + key.get().substring(0, key.get().indexOf('\t')) + "\t")) {
                    kept.add(line);
                }
            }
            kept.add(prefix + v);
            write(kept.subList(Math.max(0, kept.size() - MAX_ENTRIES), kept.size()));
        });
        return version;
    }

    /**
     * {@code realpath \t bytes \t mtime-millis} of the program, found on {@code PATH} when given by name; empty when
     * it cannot be found. A package upgrade replaces the file and so changes it.
     */
    public static Optional<String> identity(String executable) {
        Optional<Path> program = locate(executable);
        if (program.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path real = program.get().toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            String path = real.toString();
            if (path.contains("\t") || path.contains("\n")) {
                return Optional.empty();
            }
            return Optional.of(path + "\t" + attributes.size() + "\t"
                    + attributes.lastModifiedTime().toMillis());
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static Optional<Path> locate(String executable) {
        if (executable.contains("/")) {
            Path p = Path.of(executable);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private List<String> read() {
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException missingOrUnreadable) {
            return new ArrayList<>();
        }
    }

    private void write(List<String> lines) {
        try {
            Path folder = Objects.requireNonNull(file.toAbsolutePath().getParent(), "the cache's folder");
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "renderer-versions", ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException unwritable) {
            // a read-only home or a full disk: the next run probes again, which is only slower
        }
    }
}
