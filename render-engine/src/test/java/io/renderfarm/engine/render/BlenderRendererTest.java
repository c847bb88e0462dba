package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.testing.TestScenes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Blender adapter: its command lines, scene checks, and its parser fed real output. The logs under
 * {@code src/test/resources/io/renderfarm/engine/render/blender-3.4.1-*.txt} were captured from Blender 3.4.1
 * rendering {@link TestScenes} scenes with this adapter's command (the Cycles log has the repetitive
 * "Updating …" lines of frames 2 and 3 removed). The real-render tests run when Blender is installed.
 */
class BlenderRendererTest {
    private static final Path OUT = Path.of("/scratch/out");

    private final BlenderRenderer renderer = new BlenderRenderer();

    @TempDir
    Path dir;

    // --- command line -------------------------------------------------------------------------------------

    @Test
    void shouldRenderAFrameRangeIntoTheOutputFolderWithTheOutputScript() {
        List<String> argv = renderer.command(invocation(FrameSet.range(1, 10), 0, Quality.FINAL));

        assertThat(argv.subList(0, 8))
                .containsExactly(
                        "blender",
                        "-b",
                        "--disable-autoexec",
                        "/scenes/shot.blend",
                        "-noaudio",
                        "--python-exit-code",
                        "1",
                        "--python-expr");
        assertThat(argv.get(8)).startsWith(BlenderRenderer.OUTPUT_SCRIPT).endsWith("rf_setup_chunk(False)\n");
        assertThat(argv.subList(9, argv.size()))
                .containsExactly("-s", "1", "-e", "10", "-j", "1", "-a", "--", "/scratch/out/rf_", "scene", "");
    }

    @Test
    void shouldPassTheProfilesFormatAsDataAfterTheDoubleDash() {
        RenderInvocation exr = RenderInvocation.builder()
                .executable("blender")
                .scene(Path.of("/scenes/shot.blend"))
                .frames(FrameSet.range(1, 2))
                .outputDir(OUT)
                .format(new OutputFormat(FrameFormat.EXR_MULTILAYER, "dwaa"))
                .build();

        List<String> argv = renderer.command(exr);

        assertThat(argv.subList(argv.indexOf("--"), argv.size()))
                .containsExactly("--", "/scratch/out/rf_", "exr-multilayer", "dwaa");
        List<String> sceneArgv = renderer.command(invocation(FrameSet.range(1, 2), 0, Quality.FINAL));
        assertThat(argv.get(argv.indexOf("--python-expr") + 1))
                .as("nothing of a job becomes code")
                .isEqualTo(sceneArgv.get(sceneArgv.indexOf("--python-expr") + 1));
    }

    @Test
    void shouldLetTheScenesScriptsRunOnlyWhenTheInvocationAllowsThemDecidingBeforeTheSceneLoads() {
        RenderInvocation allowed = RenderInvocation.builder()
                .executable("blender")
                .scene(Path.of("/scenes/shot.blend"))
                .frames(FrameSet.of(1))
                .outputDir(Path.of("/scratch/out"))
                .allowScripts(true)
                .build();

        assertThat(renderer.command(allowed)).startsWith("blender", "-b", "--enable-autoexec", "/scenes/shot.blend");
        assertThat(renderer.command(invocation(FrameSet.of(1), 0, Quality.FINAL)))
                .startsWith("blender", "-b", "--disable-autoexec", "/scenes/shot.blend");
    }

    @Test
    void shouldRenderASteppedRangeWithStartEndAndJump() {
        List<String> argv = renderer.command(invocation(FrameSet.parse("5-17x4"), 0, Quality.FINAL));

        assertThat(String.join(" ", argv)).contains("-s 5 -e 17 -j 4 -a");
    }

    @Test
    void shouldRenderASingleFrameAsARangeOfOne() {
        List<String> argv = renderer.command(invocation(FrameSet.of(42), 0, Quality.FINAL));

        assertThat(String.join(" ", argv)).contains("-s 42 -e 42 -j 1 -a");
    }

    @Test
    void shouldPassThreadsBeforeAnimateOnlyWhenSet() {
        List<String> withThreads = renderer.command(invocation(FrameSet.range(1, 3), 6, Quality.FINAL));
        List<String> withoutThreads = renderer.command(invocation(FrameSet.range(1, 3), 0, Quality.FINAL));

        assertThat(String.join(" ", withThreads)).contains("-t 6 -a --");
        assertThat(withoutThreads).doesNotContain("-t");
    }

    @Test
    void shouldKeepUserAddonsByNotUsingFactoryStartup() {
        assertThat(renderer.command(invocation(FrameSet.range(1, 3), 0, Quality.FINAL)))
                .doesNotContain("--factory-startup", "-y");
    }

    @Test
    void shouldRunThePreviewScriptAfterLoadingTheSceneAndBeforeAnimating() {
        List<String> argv = renderer.command(invocation(FrameSet.range(1, 3), 0, Quality.preview(25, 4)));

        int script = argv.indexOf("--python-expr");
        assertThat(script).isGreaterThan(argv.indexOf("/scenes/shot.blend")).isLessThan(argv.indexOf("-a"));
        assertThat(argv.get(script - 2)).isEqualTo("--python-exit-code");
        assertThat(argv.get(script + 1))
                .contains("scene.render.resolution_percentage * 25 / 100")
                .contains("if scene.render.engine == 'CYCLES':")
                .contains("scene.cycles.samples = 4")
                .contains("scene.cycles.use_denoising = False")
                .endsWith("rf_setup_chunk(True)\n");
    }

    @Test
    void shouldKeepTheScenesSamplesForAPreviewWithoutSamples() {
        List<String> argv = renderer.command(invocation(FrameSet.range(1, 3), 0, Quality.preview(50, 0)));

        assertThat(argv.get(argv.indexOf("--python-expr") + 1)).doesNotContain("samples");
    }

    @Test
    void shouldNotTouchTheScenesQualityForFinalFrames() {
        List<String> argv = renderer.command(invocation(FrameSet.range(1, 3), 0, Quality.FINAL));

        assertThat(argv.get(argv.indexOf("--python-expr") + 1))
                .doesNotContain("resolution_percentage *", "cycles.samples =");
    }

    @Test
    void shouldRefuseFramesBlenderWouldClampSilently() {
        assertThatThrownBy(() -> renderer.command(invocation(FrameSet.range(1_048_570, 1_048_575), 0, Quality.FINAL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1048574");
    }

    // --- version ----------------------------------------------------------------------------------------

    @Test
    void shouldAskTheVersionWithTheGivenExecutable() {
        assertThat(renderer.versionCommand("/opt/blender/blender"))
                .containsExactly("/opt/blender/blender", "--version");
    }

    @Test
    void shouldReadTheVersionBlender341Prints() {
        assertThat(renderer.parseVersion("Blender 3.4.1\n")).contains("3.4.1");
    }

    @Test
    void shouldFindNoVersionInOtherOutput() {
        assertThat(renderer.parseVersion("bash: blender: command not found\n")).isEmpty();
    }

    // --- scene checks -----------------------------------------------------------------------------------

    @Test
    void shouldAcceptAFileWithTheBlendHeader() throws IOException {
        Path scene = Files.write(dir.resolve("shot.blend"), "BLENDER-v304RENDH".getBytes(StandardCharsets.US_ASCII));

        assertThat(renderer.rejectScene(scene)).isEmpty();
    }

    @Test
    void shouldAcceptGzipAndZstdCompressedBlends() throws IOException {
        Path gzip = Files.write(dir.resolve("old.blend"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
        Path zstd =
                Files.write(dir.resolve("new.blend"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});

        assertThat(renderer.rejectScene(gzip)).isEmpty();
        assertThat(renderer.rejectScene(zstd)).isEmpty();
    }

    @Test
    void shouldRejectAMissingScene() {
        assertThat(renderer.rejectScene(dir.resolve("gone.blend")))
                .hasValueSatisfying(
                        message -> assertThat(message).contains("gone.blend").contains("does not exist"));
    }

    @Test
    void shouldRejectAFolder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.blend"));

        assertThat(renderer.rejectScene(folder))
                .hasValueSatisfying(message -> assertThat(message).contains("not a regular file"));
    }

    @Test
    void shouldRejectAnotherExtension() throws IOException {
        Path backup = Files.write(dir.resolve("shot.blend1"), "BLENDER-v304".getBytes(StandardCharsets.US_ASCII));

        assertThat(renderer.rejectScene(backup))
                .hasValueSatisfying(message -> assertThat(message).contains("does not end with .blend"));
    }

    @Test
    void shouldRejectAFileWithoutTheBlendHeader() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.blend"), "not a blend file");

        assertThat(renderer.rejectScene(text))
                .hasValueSatisfying(message -> assertThat(message).contains("not a .blend file"));
    }

    @Test
    void shouldRejectAnEmptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.blend"));

        assertThat(renderer.rejectScene(empty)).isPresent();
    }

    // --- parser on captured output --------------------------------------------------------------------

    @Test
    void shouldReportEachFrameStartedAndSavedFromACyclesRender() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-cycles.txt");

        assertThat(recorder.started).containsExactly(1, 2, 3);
        assertThat(recorder.saved)
                .containsExactly(
                        Map.entry(1, Path.of("/tmp/cap/o1/rf_00001.png")),
                        Map.entry(2, Path.of("/tmp/cap/o1/rf_00002.png")),
                        Map.entry(3, Path.of("/tmp/cap/o1/rf_00003.png")));
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void shouldReportCyclesSamplesAsProgress() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-cycles.txt");

        assertThat(recorder.progress).contains("1:0.0", "1:0.25", "1:1.0", "3:1.0");
    }

    @Test
    void shouldReportTheFramesOfASteppedEeveeRenderAndIgnoreRecoveredEglErrors() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-eevee-stepped.txt");

        assertThat(recorder.started).containsExactly(1, 3);
        assertThat(recorder.saved).containsOnlyKeys(1, 3);
        assertThat(recorder.progress).contains("1:0.25", "1:1.0", "3:1.0");
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void shouldReportAnUnreadableSceneAsAnError() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-missing-scene.txt");

        assertThat(recorder.errors)
                .containsExactly("Cannot read file '/tmp/cap/bl/missing.blend': No such file or directory");
        assertThat(recorder.saved).isEmpty();
    }

    @Test
    void shouldNotReportAFrameBlenderCouldNotSave() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-cannot-save.txt");

        assertThat(recorder.started).containsExactly(1);
        assertThat(recorder.saved).isEmpty();
        assertThat(recorder.errors).singleElement().asString().contains("cannot save");
    }

    @Test
    void shouldReportTheScenesOutputAndItsMultilayerExrFramesWithTheScenesPadding() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-exr-multilayer.txt");

        assertThat(recorder.output)
                .containsExactly(new SceneOutput("OPEN_EXR_MULTILAYER 16-bit ZIP RGBA, view Filmic", 12));
        assertThat(recorder.saved)
                .containsExactly(
                        Map.entry(1, Path.of("/tmp/cap/ml/o1/rf_001.exr")),
                        Map.entry(2, Path.of("/tmp/cap/ml/o1/rf_002.exr")));
        assertThat(renderer.framePadding(recorder.saved.get(1))).isEqualTo(3);
        assertThat(renderer.framePadding(Path.of("/o/rf_00012.png"))).isEqualTo(5);
        assertThat(renderer.framePadding(Path.of("/o/other.png"))).isEqualTo(Renderer.DEFAULT_PADDING);
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void shouldReportAMovieSceneAsASceneErrorSayingWhatToChoose() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-movie-scene.txt");

        assertThat(recorder.failures)
                .containsExactly(
                        "scene: the scene writes FFMPEG, which the farm cannot verify"
                                + " frame by frame: choose PNG, JPEG, TIFF, OpenEXR or Targa in its Output properties, or set the profile's format");
    }

    @Test
    void shouldReportASceneThatDoesNotLoadAsASceneError() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-truncated-scene.txt");

        assertThat(recorder.failures)
                .containsExactly("scene: Failed to read blend file '/tmp/h7cap/bl/truncated.blend': Missing DNA block");
        assertThat(recorder.saved).isEmpty();
    }

    @Test
    void shouldReadTheFormatsThisBlenderBuildWrites() throws IOException {
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("blender-3.4.1-formats.txt"))) {
            assertThat(renderer.parseFormats(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .containsExactlyInAnyOrder(
                            FrameFormat.PNG,
                            FrameFormat.PNG16,
                            FrameFormat.JPEG,
                            FrameFormat.TGA,
                            FrameFormat.TIFF,
                            FrameFormat.EXR,
                            FrameFormat.EXR_MULTILAYER);
        }
        assertThat(renderer.formatsCommand("blender")).startsWith("blender", "-b", "--factory-startup");
        assertThat(renderer.parseFormats("Blender 3.4.1\n")).isEmpty();
    }

    @Test
    void shouldReportASceneWithoutACameraAsASceneError() throws IOException {
        assertThat(feed("blender-3.4.1-no-camera.txt").failures).containsExactly("scene: Cannot render, no camera");
        assertThat(feed("blender-3.4.1-resident-no-camera.txt").failures)
                .containsExactly("scene: Cannot render, no camera");
    }

    @Test
    void shouldReportMissingLinkedLibrariesAsASceneErrorThoughBlenderRendersOn() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-missing-library.txt");

        assertThat(recorder.failures)
                .containsExactly("scene: linked data missing: Cannot find lib"
                        + " '/tmp/h7cap/bl/gone/lib.blend': 1 libraries and 1 linked data-blocks are missing");
        assertThat(recorder.saved).as("Blender went on without the library").containsOnlyKeys(1, 2);
    }

    @Test
    void shouldReportAPythonErrorRaisedByAScriptInTheSceneAsASceneError() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-python-error-in-scene.txt");

        assertThat(recorder.failures)
                .first()
                .isEqualTo("scene: Python error in the scene: RuntimeError: shot sh010"
                        + " needs the asset server (/tmp/h7cap/bl/pyerror.blend/boom.py, line 3)");
        assertThat(recorder.started)
                .as("frame lines after a traceback are still read")
                .containsExactly(1, 2);
    }

    @Test
    void shouldReportAPythonErrorOutsideTheSceneAsAnErrorOfUnknownCause() {
        OutputRecorder recorder = OutputRecorder.of(renderer, invocation(FrameSet.of(1), 0, Quality.FINAL));
        for (String line : List.of(
                "Traceback (most recent call last):",
                "  File \"/usr/share/blender/scripts/addons/io_x/__init__.py\", line 12, in register",
                "ModuleNotFoundError: No module named 'numpy'",
                "Fra:1 Mem:9.05M (Peak 10.83M) | Time:00:00.00")) {
            recorder.accept(line);
        }

        assertThat(recorder.failures).isEmpty();
        assertThat(recorder.errors)
                .containsExactly("Python error: ModuleNotFoundError: No module named 'numpy'"
                        + " (/usr/share/blender/scripts/addons/io_x/__init__.py, line 12)");
        assertThat(recorder.started).containsExactly(1);
    }

    @Test
    void shouldReportRunningOutOfMemoryAsASlotError() throws IOException {
        OutputRecorder recorder = feed("blender-3.4.1-out-of-memory.txt");

        assertThat(recorder.failures)
                .first()
                .isEqualTo(
                        "slot: out of memory: Malloc returns null: len=262144 in Cycles Aligned Alloc, total 9591556");
    }

    @Test
    void shouldSelectTheCyclesDeviceAfterTheRenderArguments() {
        List<String> argv = renderer.command(RenderInvocation.builder()
                .executable("blender")
                .scene(Path.of("/scenes/shot.blend"))
                .frames(FrameSet.range(1, 2))
                .outputDir(OUT)
                .gpu(GpuBackend.OPTIX)
                .build());

        assertThat(argv.subList(argv.indexOf("-a"), argv.size()))
                .containsExactly("-a", "--", "/scratch/out/rf_", "scene", "", "--cycles-device", "OPTIX");
        assertThat(renderer.command(invocation(FrameSet.range(1, 2), 0, Quality.FINAL)))
                .doesNotContain("--cycles-device");
    }

    @Test
    void shouldReportCyclesFindingNoDeviceOfTheBackendAsASlotError() throws IOException {
        assertThat(feed("blender-3.4.1-no-cycles-device.txt").failures)
                .containsExactly("slot: Found no Cycles device of the specified type");
    }

    @Test
    void shouldReportACrashAsASlotError() throws IOException {
        assertThat(feed("blender-3.4.1-crash.txt").failures)
                .containsExactly("slot: Blender crashed (its crash report was /tmp/lib.crash.txt)");
    }

    // --- real renders ---------------------------------------------------------------------------------

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRenderEveryFrameOfAChunkAsADistinctPng() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderScene(dir, "anim", 1, 3, 64, 48, 4);

        OutputRecorder recorder = render(scene, FrameSet.range(1, 3), 2, Quality.FINAL);

        assertThat(recorder.exitCode()).isZero();
        assertThat(recorder.saved).containsOnlyKeys(1, 2, 3);
        assertThat(recorder.saved.values())
                .allSatisfy(file -> assertThat(size(file)).isEqualTo("64x48"));
        assertThat(recorder.saved.values().stream()
                        .map(BlenderRendererTest::bytes)
                        .distinct())
                .hasSize(3);
        assertThat(recorder.progress).contains("1:1.0", "2:1.0", "3:1.0");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRenderOnlyTheSteppedFrames() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderScene(dir, "anim", 1, 3, 64, 48, 4);

        OutputRecorder recorder = render(scene, FrameSet.parse("1-3x2"), 0, Quality.FINAL);

        assertThat(recorder.started).containsExactly(1, 3);
        assertThat(recorder.saved).containsOnlyKeys(1, 3);
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("rf_0001.png", "rf_0003.png");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRenderAPreviewAtAFractionOfTheResolution() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderScene(dir, "anim", 1, 3, 64, 48, 4);

        OutputRecorder recorder = render(scene, FrameSet.of(2), 0, Quality.preview(50, 2));

        assertThat(recorder.saved).containsOnlyKeys(2);
        assertThat(size(recorder.saved.get(2))).isEqualTo("32x24");
        assertThat(recorder.progress).contains("2:0.5", "2:1.0");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldFindATextureInASubfolderByItsRelativePath() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderSceneWithTexture(dir, "textured", 1, 3, 64, 48, 4);

        OutputRecorder recorder = render(scene, FrameSet.of(2), 0, Quality.FINAL);

        // The cube shows the green texture; a missing image would render magenta.
        BufferedImage image = ImageIO.read(recorder.saved.get(2).toFile());
        assertThat(countPixels(image, 0x00ff00)).isGreaterThan(50);
        assertThat(countPixels(image, 0xff00ff)).isZero();
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static RenderInvocation invocation(FrameSet frames, int threads, Quality quality) {
        return RenderInvocation.builder()
                .executable("blender")
                .scene(Path.of("/scenes/shot.blend"))
                .frames(frames)
                .outputDir(OUT)
                .threads(threads)
                .quality(quality)
                .build();
    }

    private OutputRecorder feed(String resource) throws IOException {
        return OutputRecorder.of(renderer, invocation(FrameSet.range(1, 3), 0, Quality.FINAL))
                .feed(resource);
    }

    private OutputRecorder render(Path scene, FrameSet frames, int threads, Quality quality) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        return OutputRecorder.render(
                renderer,
                RenderInvocation.builder()
                        .executable("blender")
                        .scene(scene)
                        .frames(frames)
                        .outputDir(out)
                        .threads(threads)
                        .quality(quality)
                        .build());
    }

    private static String size(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            return image.getWidth() + "x" + image.getHeight();
        } catch (IOException e) {
            throw new AssertionError("cannot decode " + file, e);
        }
    }

    private static String bytes(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Pixels whose channels are near those of {@code rgb} where it has 0xff, and dark where it has 0. */
    private static long countPixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int pixel = image.getRGB(x, y);
                boolean matches = true;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int channel = (pixel >> shift) & 0xff;
                    boolean wanted = ((rgb >> shift) & 0xff) != 0;
                    matches &= wanted ? channel > 120 : channel < 60;
                }
                count += matches ? 1 : 0;
            }
        }
        return count;
    }
}
