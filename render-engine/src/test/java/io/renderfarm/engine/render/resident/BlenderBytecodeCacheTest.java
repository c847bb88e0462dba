package io.renderfarm.engine.render.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.capability.RendererVersionCache;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.testing.TestScenes;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlenderBytecodeCacheTest {
    @TempDir
    Path tmp;

    @Test
    void shouldKeepOneFolderPerProgramFileAndNoneForAMissingProgram() throws IOException {
        Path program = Files.writeString(tmp.resolve("blender"), "#!/bin/sh\n");
        Path parent = tmp.resolve("cache");

        Optional<Path> first = BlenderBytecodeCache.folderFor(program.toString(), parent);
        Optional<Path> again = BlenderBytecodeCache.folderFor(program.toString(), parent);
        Files.setLastModifiedTime(
                program, FileTime.fromMillis(Files.getLastModifiedTime(program).toMillis() - 60_000));
        Optional<Path> upgraded = BlenderBytecodeCache.folderFor(program.toString(), parent);

        assertThat(first).isPresent().isEqualTo(again);
        assertThat(first.get()).isDirectory().hasParent(parent);
        assertThat(upgraded).isPresent().isNotEqualTo(first);
        assertThat(BlenderBytecodeCache.folderFor(tmp.resolve("no-such-blender").toString(), parent))
                .isEmpty();
    }

    @Test
    void shouldGoWithoutACacheWhenItsFolderCannotBeMade() throws IOException {
        Path program = Files.writeString(tmp.resolve("blender"), "#!/bin/sh\n");
        Path notAFolder = Files.writeString(tmp.resolve("cache"), "a file where the cache folder should be");

        assertThat(BlenderBytecodeCache.folderFor(program.toString(), notAFolder))
                .isEmpty();
    }

    @Test
    void shouldUseTheCacheOnlyWithBlender293OrLater() throws IOException {
        CapabilityProbe probe =
                new CapabilityProbe().withVersionCache(new RendererVersionCache(tmp.resolve("versions.tsv")));

        assertThat(BlenderBytecodeCache.understandsIt(blenderPrinting("2.92.0"), probe))
                .as("an older Blender would take the flag for a file to load, and its Python has no pycache prefix")
                .isFalse();
        assertThat(BlenderBytecodeCache.understandsIt(blenderPrinting("2.93.18"), probe))
                .isTrue();
        assertThat(BlenderBytecodeCache.understandsIt(blenderPrinting("4.2.3"), probe))
                .isTrue();
        assertThat(BlenderBytecodeCache.understandsIt(
                        tmp.resolve("no-such-blender").toString(), probe))
                .isFalse();
    }

    /** A program that answers {@code --version} as that Blender release does (the first line is what is parsed). */
    private String blenderPrinting(String version) throws IOException {
        Path program = tmp.resolve("blender-" + version);
        Files.writeString(program, "#!/bin/sh\necho 'Blender " + version + "'\necho '\tbuild date: 2024-01-01'\n");
        Files.setPosixFilePermissions(program, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return program.toString();
    }

    @Test
    void shouldPassBlenderNoneOfTheCallersPythonVariablesButTheCacheFolder() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PATH",
                "/usr/bin",
                "PYTHONPATH",
                "/studio/py39",
                "PYTHONHOME",
                "/opt/python",
                "PYTHONSTARTUP",
                "/home/td/.pythonrc",
                "HOME",
                "/home/td"));

        BlenderBytecodeCache.apply(environment, Path.of("/cache/blender-bytecode/ab12"));

        assertThat(environment)
                .containsOnly(
                        Map.entry("PATH", "/usr/bin"),
                        Map.entry("HOME", "/home/td"),
                        Map.entry("PYTHONPYCACHEPREFIX", "/cache/blender-bytecode/ab12"),
                        Map.entry("PYTHONNOUSERSITE", "1"));
    }

    @Test
    void shouldStartBlenderFromTheBytecodeItsFirstRunWrote() throws Exception {
        Path scene = tinyScene(2);
        Path cache = emptyCache();

        List<String> cold = renderOneFrame(scene, cache, tmp.resolve("first"));
        List<Path> written;
        try (Stream<Path> files = Files.walk(cache)) {
            written = files.filter(f -> f.toString().endsWith(".pyc")).toList();
        }
        Map<Path, FileTime> writtenAt = new HashMap<>();
        for (Path file : written) {
            writtenAt.put(file, Files.getLastModifiedTime(file));
        }
        List<String> warm = renderOneFrame(scene, cache, tmp.resolve("second"));

        assertThat(cold).noneMatch(line -> line.startsWith("# code object from '" + cache));
        assertThat(written)
                .as("Blender's UI scripts and the Cycles add-on, cached by the first run")
                .hasSizeGreaterThan(100)
                .anyMatch(f -> f.toString().contains("/bl_ui/__init__."))
                .anyMatch(f -> f.toString().contains("/cycles/__init__."));
        assertThat(warm.stream()
                        .filter(line -> line.startsWith("# code object from '" + cache))
                        .count())
                .as("modules Python loaded from the cache instead of compiling their source")
                .isGreaterThan(100);
        for (Path file : written) {
            assertThat(Files.getLastModifiedTime(file))
                    .as("a fresh entry is not written again: " + file)
                    .isEqualTo(writtenAt.get(file));
        }
        assertThat(tmp.resolve("first/rf_0001.png")).isNotEmptyFile();
        assertThat(tmp.resolve("second/rf_0001.png")).isNotEmptyFile();
    }

    @Test
    void shouldClearADamagedCacheSoOnlyOneStartFails() throws Exception {
        Path scene = tinyScene(3);
        Path cache = emptyCache();
        assertThat(renderWithResident(scene, cache, 1)).isNull();
        // The driver caches what it loaded before it reads its first frame, its own "import json" included.
        Path json = jsonEntry(cache).orElseThrow();
        // A valid, fresh header over a body Python cannot unmarshal: the driver's "import json" fails at start.
        byte[] damaged = Files.readAllBytes(json);
        java.util.Arrays.fill(damaged, 16, damaged.length, (byte) 0xff);
        Files.write(json, damaged);

        String failed = renderWithResident(scene, cache, 2);
        String again = renderWithResident(scene, cache, 3);

        assertThat(failed)
                .startsWith("blender exited with code 1 before it was ready")
                .contains("bytecode cache " + cache + " was cleared");
        assertThat(again).isNull();
        assertThat(tmp.resolve("out-3/rf_0003.png")).isNotEmptyFile();
    }

    /** A Cycles scene of frames 1 to {@code lastFrame}, 32 x 24 at one sample, made with real Blender. */
    private Path tinyScene(int lastFrame) throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        return TestScenes.blenderScene(tmp, "cube", 1, lastFrame, 32, 24, 1);
    }

    private Path emptyCache() throws IOException {
        return Files.createDirectories(tmp.resolve("bytecode"));
    }

    private static Optional<Path> jsonEntry(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(f -> f.toString().matches(".*/json/__init__\\.cpython-\\d+\\.pyc"))
                    .findFirst();
        }
    }

    /** Renders one frame with a resident Blender reading {@code cache}; its failure, or null. */
    private String renderWithResident(Path scene, Path cache, int frame) throws Exception {
        ResidentBlender blender = ResidentBlender.start(
                ResidentKey.of("blender", scene), tmp.resolve("work-" + frame), Optional.of(cache));
        try {
            Path out = Files.createDirectories(tmp.resolve("out-" + frame));
            return blender.render(
                    io.renderfarm.engine.frames.FrameSet.parse(Integer.toString(frame)),
                    out,
                    Quality.FINAL,
                    1,
                    line -> {});
        } finally {
            blender.kill();
        }
    }

    /**
     * Runs a resident Blender as {@link ResidentBlender#start} does, plus Python's verbose import log (which names
     * every file a module's code came from), renders frame 1 and quits; returns its output.
     */
    private static List<String> renderOneFrame(Path scene, Path cache, Path out) throws Exception {
        Files.createDirectories(out);
        ProcessBuilder builder = new ProcessBuilder(ResidentBlender.command(ResidentKey.of("blender", scene), true))
                .directory(out.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("blender.log").toFile());
        BlenderBytecodeCache.apply(builder.environment(), cache);
        builder.environment().put("PYTHONVERBOSE", "1");
        // Would make py_compile write hash-based files, which the driver's freshness check must not take for stale.
        builder.environment().put("SOURCE_DATE_EPOCH", "1");
        Process blender = builder.start();
        try (Writer stdin = new java.io.OutputStreamWriter(blender.getOutputStream(), StandardCharsets.UTF_8)) {
            stdin.write(ResidentProtocol.renderCommand(
                            1,
                            ResidentProtocol.outputBase(out),
                            Quality.FINAL,
                            io.renderfarm.engine.job.OutputFormat.SCENE,
                            1)
                    + "\n");
            stdin.write("{\"cmd\":\"quit\"}\n");
        }
        assertThat(blender.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(blender.exitValue()).isZero();
        return Files.readAllLines(out.resolve("blender.log"), StandardCharsets.ISO_8859_1);
    }
}
