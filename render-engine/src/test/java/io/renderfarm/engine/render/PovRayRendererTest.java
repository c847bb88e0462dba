package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.testing.TestScenes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POV-Ray adapter: its command lines, the scene header, scene checks, and its parser fed real output. The
 * logs under {@code src/test/resources/io/renderfarm/engine/render/povray-3.7.0.10-*.txt} were captured from
 * POV-Ray 3.7.0.10 (Debian build) rendering {@link TestScenes#povScene} with this adapter's command; only the
 * banner's list of contributors was cut. They keep POV-Ray's \r-separated progress and its 80-column wrapping.
 * The real-render tests run when POV-Ray is installed.
 */
class PovRayRendererTest {
    private static final Path OUT = Path.of("/scratch/out");

    private final PovRayRenderer renderer = new PovRayRenderer();

    @TempDir
    Path dir;

    // --- command line -------------------------------------------------------------------------------------

    @Test
    void shouldRenderQuotedPathsAtTheHeadersSizeWithTheScenesFolderAsLibraryPath() throws IOException {
        Path scene = scene("// renderfarm: width=640 height=360\n");

        List<String> argv = renderer.command(invocation(scene, FrameSet.range(1, 3), 0, Quality.FINAL));

        assertThat(argv)
                .startsWith("povray", "+I\"" + scene + "\"", "+O\"/scratch/out/rf_\"", "+L\"" + dir + "\"", "+FN");
        assertThat(argv).contains("+W640", "+H360", "-D", "-P", "+V", "+GA", "+Q9", "-A");
    }

    @Test
    void shouldMapFrameNumbersToClockWithAnInitialFrameOfFirstAndAFinalFrameBeyondLast() throws IOException {
        List<String> argv = renderer.command(invocation(scene(""), FrameSet.range(1, 3), 0, Quality.FINAL));

        assertThat(argv).containsSubsequence("+KFI1", "+KFF4", "+KI1", "+KF4", "+SF1", "+EF3", "+STP1");
    }

    @Test
    void shouldRenderASteppedRangeWithSubsetAndStep() throws IOException {
        List<String> argv = renderer.command(invocation(scene(""), FrameSet.parse("5-13x4"), 0, Quality.FINAL));

        assertThat(argv).containsSubsequence("+KFI5", "+KFF14", "+KI5", "+KF14", "+SF5", "+EF13", "+STP4");
    }

    @Test
    void shouldRenderASingleFrameAsAnAnimationSoClockIsDefined() throws IOException {
        List<String> argv = renderer.command(invocation(scene(""), FrameSet.of(0), 0, Quality.FINAL));

        assertThat(argv).containsSubsequence("+KFI0", "+KFF1", "+KI0", "+KF1", "+SF0", "+EF0", "+STP1");
    }

    @Test
    void shouldUsePovRaysDefaultSizeWithoutAHeader() throws IOException {
        List<String> argv = renderer.command(invocation(scene("// just a scene\n"), FrameSet.of(1), 0, Quality.FINAL));

        assertThat(argv).contains("+W320", "+H240", "-A");
    }

    @Test
    void shouldAntialiasFinalFramesAtTheHeadersThreshold() throws IOException {
        Path scene = scene("// renderfarm: width=64 height=48 antialias=0.3\n");

        assertThat(renderer.command(invocation(scene, FrameSet.of(1), 0, Quality.FINAL)))
                .contains("+A0.3")
                .doesNotContain("-A");
    }

    @Test
    void shouldRenderPreviewsSmallerWithoutAntialiasingAtQualityEight() throws IOException {
        Path scene = scene("// renderfarm: width=640 height=360 antialias=0.3\n");

        List<String> argv = renderer.command(invocation(scene, FrameSet.of(1), 0, Quality.preview(25, 4)));

        assertThat(argv).contains("+W160", "+H90", "+Q8", "-A").doesNotContain("+A0.3", "+Q9");
    }

    @Test
    void shouldPassThreadsOnlyWhenSet() throws IOException {
        Path scene = scene("");

        assertThat(renderer.command(invocation(scene, FrameSet.of(1), 3, Quality.FINAL)))
                .endsWith("+WT3");
        assertThat(renderer.command(invocation(scene, FrameSet.of(1), 0, Quality.FINAL)))
                .noneMatch(arg -> arg.startsWith("+WT"));
    }

    @Test
    void shouldRefuseAnOutputFolderPovRayCannotBeGiven() throws IOException {
        RenderInvocation invocation = RenderInvocation.builder()
                .executable("povray")
                .scene(scene(""))
                .frames(FrameSet.of(1))
                .outputDir(Path.of("/scratch/say \"cheese\""))
                .threads(0)
                .quality(Quality.FINAL)
                .build();

        assertThatThrownBy(() -> renderer.command(invocation)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- scene header -----------------------------------------------------------------------------------

    @Test
    void shouldReadTheHeaderAmongTheFirstLines() throws IOException {
        Path scene = scene("// A scene\n#version 3.7;\n  //renderfarm:   height=100   width=200\n");

        assertThat(PovRaySceneSettings.read(scene)).isEqualTo(new PovRaySceneSettings(200, 100, Optional.empty()));
    }

    @Test
    void shouldIgnoreAHeaderFurtherDown() throws IOException {
        Path scene = scene("// line\n".repeat(PovRaySceneSettings.HEADER_LINES) + "// renderfarm: width=200\n");

        assertThat(PovRaySceneSettings.read(scene).width()).isEqualTo(320);
    }

    @Test
    void shouldParseAnAntialiasThreshold() {
        assertThat(PovRaySceneSettings.parse(" antialias=0.05").antialias()).contains(new BigDecimal("0.05"));
    }

    @Test
    void shouldRefuseUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> PovRaySceneSettings.parse("widht=640"))
                .hasMessageContaining("unknown renderfarm header setting 'widht=640'");
        assertThatThrownBy(() -> PovRaySceneSettings.parse("width=0")).hasMessageContaining("width");
        assertThatThrownBy(() -> PovRaySceneSettings.parse("height=big")).hasMessageContaining("height");
        assertThatThrownBy(() -> PovRaySceneSettings.parse("antialias=4")).hasMessageContaining("0..3");
        assertThatThrownBy(() -> PovRaySceneSettings.parse("antialias=-1")).hasMessageContaining("antialias");
    }

    // --- version and scene checks ---------------------------------------------------------------------

    @Test
    void shouldReadTheVersionFromPovRaysVersionOutput() throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("povray-3.7.0.10-version.txt"))) {
            assertThat(renderer.parseVersion(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .contains("3.7.0.10");
        }
        assertThat(renderer.versionCommand("povray")).containsExactly("povray", "--version");
    }

    @Test
    void shouldReadTheFormatsOfThisBuildAndWriteEachWithItsOption() throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("povray-3.7.0.10-version.txt"))) {
            assertThat(renderer.parseFormats(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .containsExactlyInAnyOrder(
                            FrameFormat.PNG, FrameFormat.PNG16, FrameFormat.JPEG, FrameFormat.TGA, FrameFormat.EXR);
        }
        Path scene = scene("");
        for (Map.Entry<FrameFormat, String> format : Map.of(
                        FrameFormat.SCENE,
                        "+FN",
                        FrameFormat.PNG16,
                        "+FN16",
                        FrameFormat.EXR,
                        "+FE",
                        FrameFormat.TGA,
                        "+FT",
                        FrameFormat.JPEG,
                        "+FJ")
                .entrySet()) {
            RenderInvocation invocation = RenderInvocation.builder()
                    .executable("povray")
                    .scene(scene)
                    .frames(FrameSet.of(1))
                    .outputDir(OUT)
                    .threads(0)
                    .quality(Quality.FINAL)
                    .format(OutputFormat.of(format.getKey()))
                    .build();
            assertThat(renderer.command(invocation))
                    .as(format.getKey().toString())
                    .contains(format.getValue());
        }
        RenderInvocation preview = RenderInvocation.builder()
                .executable("povray")
                .scene(scene)
                .frames(FrameSet.of(1))
                .outputDir(OUT)
                .threads(0)
                .quality(Quality.preview(25, 1))
                .format(OutputFormat.of(FrameFormat.EXR))
                .build();
        assertThat(renderer.command(preview))
                .as("previews are 8-bit PNG")
                .contains("+FN")
                .doesNotContain("+FE");
        RenderInvocation tiff = RenderInvocation.builder()
                .executable("povray")
                .scene(scene)
                .frames(FrameSet.of(1))
                .outputDir(OUT)
                .threads(0)
                .quality(Quality.FINAL)
                .format(OutputFormat.of(FrameFormat.TIFF))
                .build();
        assertThatThrownBy(() -> renderer.command(tiff))
                .hasMessage("POV-Ray cannot write tiff frames: use png, png16, jpeg, tga or exr");
    }

    @Test
    void shouldAcceptATextSceneWithAValidHeader() throws IOException {
        assertThat(renderer.rejectScene(TestScenes.povScene(dir, "ok"))).isEmpty();
    }

    @Test
    void shouldRejectMissingFoldersOtherExtensionsAndBinaries() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.pov"));
        Path include = Files.writeString(dir.resolve("colors.inc"), "#declare C = 1;");
        Path binary = Files.write(dir.resolve("binary.pov"), new byte[] {'B', 'L', 'E', 'N', 'D', 0, 1, 2});

        assertThat(renderer.rejectScene(dir.resolve("gone.pov")))
                .hasValueSatisfying(m -> assertThat(m).contains("does not exist"));
        assertThat(renderer.rejectScene(folder))
                .hasValueSatisfying(m -> assertThat(m).contains("not a regular file"));
        assertThat(renderer.rejectScene(include))
                .hasValueSatisfying(m -> assertThat(m).contains("does not end with .pov"));
        assertThat(renderer.rejectScene(binary))
                .hasValueSatisfying(m -> assertThat(m).contains("not a text file"));
    }

    @Test
    void shouldRejectAMalformedHeaderAndAQuoteInThePath() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.pov"), "// renderfarm: width=64 hieght=48\n");
        Path quoted =
                Files.writeString(Files.createDirectory(dir.resolve("a\"b")).resolve("s.pov"), "sphere{0,1}\n");

        assertThat(renderer.rejectScene(typo))
                .hasValueSatisfying(m -> assertThat(m).contains("hieght=48"));
        assertThat(renderer.rejectScene(quoted))
                .hasValueSatisfying(m -> assertThat(m).contains("'\"'"));
    }

    // --- parser on captured output --------------------------------------------------------------------

    @Test
    void shouldReportAFrameSavedWhenTheNextBeginsAndTheLastOnACleanExit() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-anim.txt");

        assertThat(recorder.started).containsExactly(1, 2, 3);
        assertThat(recorder.saved)
                .containsExactly(Map.entry(1, OUT.resolve("rf_1.png")), Map.entry(2, OUT.resolve("rf_2.png")));

        recorder.finish(0);

        assertThat(recorder.saved).containsOnlyKeys(1, 2, 3).containsEntry(3, OUT.resolve("rf_3.png"));
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void shouldNotReportTheLastFrameWhenPovRayFailed() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-anim.txt");

        recorder.finish(1);

        assertThat(recorder.saved).containsOnlyKeys(1, 2);
    }

    @Test
    void shouldReportCarriageReturnSeparatedPixelCountsAsProgress() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-anim.txt");

        assertThat(recorder.progress).startsWith("1:" + 1024 / 3072.0).contains("1:1.0", "2:1.0", "3:1.0");
    }

    @Test
    void shouldJoinAnOutputPathPovRayWrappedAtEightyColumns() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-wrapped-output-path.txt");
        recorder.finish(0);

        assertThat(recorder.saved)
                .containsExactly(Map.entry(9, OUT.resolve("rf_09.png")), Map.entry(10, OUT.resolve("rf_10.png")));
    }

    @Test
    void shouldJoinAFileNameSplitByTheWrap() {
        // Synthetic: POV-Ray 3.7 cuts a line without a space in its last 20 columns right at column 80.
        OutputRecorder recorder =
                OutputRecorder.of(renderer, invocation(Path.of("/s/a.pov"), FrameSet.of(3), 0, Quality.FINAL));
        recorder.accept("  Output file........../tmp/a-very-long-directory-name-for-testing-the-wrap/rf_0");
        recorder.accept("3.png, 24 bpp PNG");
        recorder.finish(0);

        assertThat(recorder.saved).containsExactly(Map.entry(3, OUT.resolve("rf_03.png")));
    }

    @Test
    void shouldReportWrappedParseErrorsWholeButNotWarningsAndKeepFramesSavedBeforeAFailure() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-fails-on-frame-2.txt");
        recorder.finish(1);

        assertThat(recorder.started).containsExactly(1, 2);
        assertThat(recorder.saved).containsOnlyKeys(1);
        assertThat(recorder.failures)
                .containsExactly(
                        "scene: File '/tmp/cap/pov/fails.pov' line 10: Parse Error: Parse halted by #error directive: the box is"
                                + " missing for frame 2");
        assertThat(recorder.errors).containsExactly("Fatal error in parser: Cannot parse input.");
    }

    @Test
    void shouldReportASyntaxErrorAsASceneError() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-syntax-error.txt");
        recorder.finish(1);

        assertThat(recorder.started).containsExactly(1);
        assertThat(recorder.saved).isEmpty();
        assertThat(recorder.failures)
                .containsExactly("scene: File '/tmp/h7cap/pov/syntax.pov' line 5: Parse Error:"
                        + " No matching } in 'sphere', plane found instead");
    }

    @Test
    void shouldReportAMissingIncludeFileAsASceneErrorButNotTheWarningBeforeIt() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-missing-include.txt");
        recorder.finish(1);

        assertThat(recorder.failures)
                .containsExactly("scene: File '/tmp/h7cap/pov/include.pov' line 2: Parse Error:"
                        + " Cannot open include file inc/missing_textures.inc.");
        assertThat(recorder.errors).containsExactly("Fatal error in parser: Cannot parse input.");
    }

    @Test
    void shouldReportAParseErrorWhoseWordsWrapOntoTheNextLineAsASceneError() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-missing-include-wrapped.txt");
        recorder.finish(1);

        assertThat(recorder.failures)
                .containsExactly("scene: File '/tmp/h7cap/junit-11310105977717648183/scene/include.pov'"
                        + " line 2: Parse Error: Cannot open include file inc/missing_textures.inc.");
        assertThat(recorder.errors).containsExactly("Fatal error in parser: Cannot parse input.");
    }

    @Test
    void shouldJoinAParseErrorWrappedInsideAPathAsASceneError() throws IOException {
        OutputRecorder recorder = feed("povray-3.7.0.10-missing-include-long-path.txt");
        recorder.finish(1);

        assertThat(recorder.failures)
                .containsExactly("scene: File '/tmp/h7cap/junit-11310105977717648183/data/jobs/"
                        + "20261203-095840-1085/scene/include.pov' line 2: Parse Error: Cannot open include file"
                        + " inc/missing_textures.inc.");
        assertThat(recorder.errors).containsExactly("Fatal error in parser: Cannot parse input.");
    }

    @Test
    void shouldReportRunningOutOfMemoryAsASlotError() {
        OutputRecorder recorder =
                OutputRecorder.of(renderer, invocation(Path.of("/s/a.pov"), FrameSet.of(1), 0, Quality.FINAL));
        recorder.accept("Fatal error: Out of memory.");
        recorder.finish(1);

        assertThat(recorder.failures).containsExactly("slot: Fatal error: Out of memory.");
    }

    @Test
    void shouldReportAParseErrorWhoseLongPathWrapsItBetweenParseAndError() {
        // Captured from POV-Ray 3.7.0.10 refusing a confined scene's #fopen: the 80-column wrap falls anywhere.
        for (List<String> lines : List.of(
                List.of(
                        "File '/tmp/h4pov/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/tmp/tmp.pov' line 2: Parse",
                        " Error: Cannot open user file /tmp/h4pov-escaped.txt (write)."),
                List.of(
                        "File '/tmp/h4pov/xxxxxxxxxxxxxxxxxxxxxxxx/tmp/tmp.pov' line 2: Parse Error:",
                        " Cannot open user file /tmp/h4pov-escaped.txt (write)."),
                List.of(
                        "File '/tmp/h4pov/a-rather-long-folder-name-to-force-wrapping/scenes/tmp/tmp.pov'",
                        " line 2: Parse Error: Cannot open user file /var/tmp/h4pov-escaped.txt (write)."))) {
            OutputRecorder recorder = OutputRecorder.of(
                    new PovRayRenderer(), invocation(Path.of("/s/a.pov"), FrameSet.of(1), 0, Quality.FINAL));
            lines.forEach(recorder::accept);
            recorder.accept("Fatal error in parser: Cannot parse input.");
            recorder.accept("Render failed");
            recorder.finish(1);

            assertThat(recorder.failures)
                    .first()
                    .asString()
                    .startsWith("scene: File '/tmp/h4pov/")
                    .contains("Parse Error: Cannot open user file")
                    .endsWith("(write).");
        }
    }

    // --- real renders ---------------------------------------------------------------------------------

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRenderEveryFrameOfAChunkWithItsIncludeAndTexture() throws Exception {
        assumeThat(TestScenes.hasPovray()).as("povray installed").isTrue();
        Path scene = TestScenes.povScene(dir.resolve("scene"), "anim", 64, 48);

        OutputRecorder recorder = render(scene, FrameSet.range(1, 3), 2, Quality.FINAL, "out");

        assertThat(recorder.exitCode()).isZero();
        assertThat(recorder.saved).containsOnlyKeys(1, 2, 3);
        assertThat(recorder.saved.values())
                .allSatisfy(file -> assertThat(size(file)).isEqualTo("64x48"));
        assertThat(recorder.saved.values().stream()
                        .map(PovRayRendererTest::pixels)
                        .distinct())
                .hasSize(3);
        assertThat(recorder.progress).contains("1:1.0", "2:1.0", "3:1.0");
        // The ground shows the green image from textures/.
        BufferedImage image = ImageIO.read(recorder.saved.get(1).toFile());
        int ground = image.getRGB(32, 46);
        assertThat((ground >> 8) & 0xff)
                .isGreaterThan(((ground >> 16) & 0xff) + 40)
                .isGreaterThan((ground & 0xff) + 40);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldGiveAFrameTheSameClockWhicheverChunkRendersIt() throws Exception {
        assumeThat(TestScenes.hasPovray()).as("povray installed").isTrue();
        Path scene = TestScenes.povScene(dir.resolve("scene"), "anim", 64, 48);

        OutputRecorder wholeJob = render(scene, FrameSet.range(1, 3), 0, Quality.FINAL, "whole");
        OutputRecorder chunkOfOne = render(scene, FrameSet.of(2), 0, Quality.FINAL, "chunk");

        assertThat(pixels(chunkOfOne.saved.get(2))).isEqualTo(pixels(wholeJob.saved.get(2)));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRenderOnlyTheSteppedFrames() throws Exception {
        assumeThat(TestScenes.hasPovray()).as("povray installed").isTrue();
        Path scene = TestScenes.povScene(dir.resolve("scene"), "anim", 32, 24);

        OutputRecorder recorder = render(scene, FrameSet.parse("8-12x2"), 0, Quality.FINAL, "out");

        assertThat(recorder.started).containsExactly(8, 10, 12);
        assertThat(recorder.saved).containsOnlyKeys(8, 10, 12);
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("rf_08.png", "rf_10.png", "rf_12.png");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRenderAPreviewAtAFractionOfTheResolution() throws Exception {
        assumeThat(TestScenes.hasPovray()).as("povray installed").isTrue();
        Path scene = TestScenes.povScene(dir.resolve("scene"), "anim", 64, 48);

        OutputRecorder recorder = render(scene, FrameSet.of(5), 0, Quality.preview(50, 4), "out");

        assertThat(recorder.saved).containsOnlyKeys(5);
        assertThat(size(recorder.saved.get(5))).isEqualTo("32x24");
    }

    // --- helpers --------------------------------------------------------------------------------------

    private Path scene(String text) throws IOException {
        return Files.writeString(dir.resolve("scene.pov"), text + "sphere { 0, 1 pigment { rgb 1 } }\n");
    }

    private static RenderInvocation invocation(Path scene, FrameSet frames, int threads, Quality quality) {
        return RenderInvocation.builder()
                .executable("povray")
                .scene(scene)
                .frames(frames)
                .outputDir(OUT)
                .threads(threads)
                .quality(quality)
                .build();
    }

    private OutputRecorder feed(String resource) throws IOException {
        return OutputRecorder.of(renderer, invocation(Path.of("/s/a.pov"), FrameSet.range(1, 3), 0, Quality.FINAL))
                .feed(resource);
    }

    /** Renders like a render slot does: the output folder is the working folder, away from the scene's. */
    private OutputRecorder render(Path scene, FrameSet frames, int threads, Quality quality, String outName)
            throws Exception {
        Path out = Files.createDirectories(dir.resolve(outName));
        return OutputRecorder.render(
                renderer,
                RenderInvocation.builder()
                        .executable("povray")
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

    private static List<Integer> pixels(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            List<Integer> rgb = new ArrayList<>();
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    rgb.add(image.getRGB(x, y));
                }
            }
            return rgb;
        } catch (IOException e) {
            throw new AssertionError("cannot decode " + file, e);
        }
    }
}
