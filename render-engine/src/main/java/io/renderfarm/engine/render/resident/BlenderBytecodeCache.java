package io.renderfarm.engine.render.resident;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.capability.RendererVersionCache;
import io.renderfarm.engine.capability.VersionConstraint;
import io.renderfarm.engine.render.BlenderRenderer;
import io.renderfarm.engine.store.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A folder of compiled Python bytecode for the modules a resident Blender loads, so its start-up does not compile
 * them again every time. Debian's Blender ships its Python (the UI scripts, the Cycles add-on: about 200 modules
 * loaded at start) as source only and runs with bytecode writing off, so every start compiled all of them: 0.45 s
 * of the 1.0 s of CPU a {@code blender -b} start takes here (Blender 3.4.1, Python 3.11).
 *
 * <p>Python's own pycache prefix ({@code PYTHONPYCACHEPREFIX}) points its bytecode lookups at this folder instead
 * of {@code __pycache__} folders beside the sources; the driver ({@code blender_driver.py}) writes what is missing
 * when it starts and again after its first frame. Python checks every cached file against its source's size and
 * time, so the cache can make a start faster, never different. One folder per Blender program (its real path, size
 * and modification time), so an upgrade starts a fresh one. Blender reads the variable only when started with
 * {@code --python-use-system-env}, which would also let the caller's other {@code PYTHON*} variables and the user's
 * site-packages in: the process gets neither, so its {@code sys.path} is exactly a plain start's. Only Blender 2.93
 * and later get the cache: an older one would take the flag for a file to load and quit, and before 2.93 its
 * Python has no pycache prefix. A
 * Blender that reads the cache and dies before its driver is ready has the folder cleared ({@link #discard}), so a
 * damaged entry costs one failed start, not every start after it.
 */
final class BlenderBytecodeCache {
    /** Honour the Python environment variables, which a plain start ignores. */
    static final String USE_ENVIRONMENT = "--python-use-system-env";
    /** Blender 2.93 brought Python 3.9 (pycache prefixes are 3.8+); the flag is older. */
    private static final VersionConstraint UNDERSTANDS_IT = VersionConstraint.parse(">=2.93");

    private BlenderBytecodeCache() {}

    /**
     * The cache folder of {@code executable} under the user's cache folder, created when missing; empty when the
     * program cannot be found, is older than 2.93, or the folder cannot be made (Blender then starts as it always
     * did).
     */
    static Optional<Path> folderFor(String executable) {
        CapabilityProbe probe = new CapabilityProbe().withVersionCache(RendererVersionCache.inUserCache());
        if (!understandsIt(executable, probe)) {
            return Optional.empty();
        }
        return folderFor(executable, RendererVersionCache.userCacheFolder().resolve("blender-bytecode"));
    }

    /**
     * Whether this Blender takes the flag and has a pycache prefix: its version, from the version cache the farm's
     * capability probe keeps (so usually without starting it), is 2.93 or later. Unknown counts as no.
     */
    static boolean understandsIt(String executable, CapabilityProbe probe) {
        return probe.version(new BlenderRenderer(), executable)
                .map(UNDERSTANDS_IT::allows)
                .orElse(false);
    }

    static Optional<Path> folderFor(String executable, Path parent) {
        return RendererVersionCache.identity(executable).flatMap(identity -> {
            try {
                Path folder = parent.resolve(digest(identity));
                Files.createDirectories(folder);
                return Files.isWritable(folder) ? Optional.of(folder) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** Sets a Blender process's Python environment: this bytecode folder, and nothing else from the caller. */
    static void apply(Map<String, String> environment, Path folder) {
        environment.keySet().removeIf(name -> name.startsWith("PYTHON"));
        environment.put("PYTHONPYCACHEPREFIX", folder.toString());
        environment.put("PYTHONNOUSERSITE", "1");
    }

    /** Deletes a cache folder and everything in it; true when it is gone. */
    static boolean discard(Path folder) {
        return Folders.delete(folder);
    }

    private static String digest(String identity) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
