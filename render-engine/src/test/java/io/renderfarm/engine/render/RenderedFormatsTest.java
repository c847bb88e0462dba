package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.render.resident.ResidentBlender;
import io.renderfarm.engine.render.resident.ResidentKey;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real frames in the formats studios deliver, written by Debian's Blender 3.4.1, POV-Ray 3.7.0.10 and ffmpeg with the
 * adapters' own commands: each passes the verifier in its real format, and a truncated, a zero-filled and a
 * bit-flipped copy of each is refused with a reason. Only headers generated here are looked at; no binary is kept
 * in the repository. Runs when the programs are installed.
 */
class RenderedFormatsTest {
    private static final TestScenes.Output EXR_MULTILAYER =
            new TestScenes.Output("OPEN_EXR_MULTILAYER", "16", "ZIP", "//render/shot_###", 12);

    @TempDir
    Path dir;

    private final FrameVerifier verifier = new FrameVerifier();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRenderAMultilayerExrScenesOwnOutputWithItsPaddingAndFrameRate() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderScene(dir, "ml", 1, 2, 32, 24, 1, EXR_MULTILAYER);

        OutputRecorder rendered = blender(scene, FrameSet.range(1, 2), OutputFormat.SCENE, Quality.FINAL);

        assertThat(rendered.saved.values())
                .extracting(p -> p.getFileName().toString())
                .as("the scene's ### padding, the real extension")
                .containsExactly("rf_001.exr", "rf_002.exr");
        assertThat(new BlenderRenderer().framePadding(rendered.saved.get(1))).isEqualTo(3);
        assertThat(rendered.output).singleElement().satisfies(o -> {
            assertThat(o.fps()).isEqualTo(12.0);
            assertThat(o.format()).startsWith("OPEN_EXR_MULTILAYER 16-bit ZIP");
        });
        DecodedFrame decoded = verifier.verifyAndDecode(rendered.saved.get(1));
        assertThat(decoded.type()).isEqualTo(FrameFileType.EXR);
        assertThat(decoded.exr().colourLayer()).isEqualTo("ViewLayer.Combined");
        assertThat(decoded.verified().width()).isEqualTo(32);
        refusesDamagedCopies(rendered.saved.get(2), true);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldWriteEveryOverriddenFormatThatPassesItsCheckAndRefuseDamagedCopies() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        // 80 lines: several chunks even for PIZ and DWAA (32 lines each), whose pixel data has no checksum, so a
        // zero-filled or cut tail reaches chunk headers the check reads
        Path scene = TestScenes.blenderScene(dir, "png", 1, 2, 32, 80, 1);
        Map<OutputFormat, FrameFileType> formats = new LinkedHashMap<>();
        formats.put(new OutputFormat(FrameFormat.EXR, "zip"), FrameFileType.EXR);
        formats.put(new OutputFormat(FrameFormat.EXR, "piz"), FrameFileType.EXR);
        formats.put(new OutputFormat(FrameFormat.EXR_MULTILAYER, "dwaa"), FrameFileType.EXR);
        formats.put(OutputFormat.of(FrameFormat.TIFF), FrameFileType.TIFF);
        formats.put(OutputFormat.of(FrameFormat.PNG16), FrameFileType.PNG);
        formats.put(OutputFormat.of(FrameFormat.JPEG), FrameFileType.JPEG);
        formats.put(OutputFormat.of(FrameFormat.TGA), FrameFileType.TGA);

        for (Map.Entry<OutputFormat, FrameFileType> format : formats.entrySet()) {
            Path frame = blender(scene, FrameSet.of(1), format.getKey(), Quality.FINAL)
                    .saved
                    .get(1);

            DecodedFrame decoded = verifier.verifyAndDecode(frame);
            assertThat(decoded.type()).as(format.getKey().toString()).isEqualTo(format.getValue());
            assertThat(frame.getFileName().toString())
                    .endsWith("." + format.getValue().extension().replace("tif", "tif"));
            if (format.getKey().format() == FrameFormat.PNG16 || format.getKey().format() == FrameFormat.TIFF) {
                assertThat(decoded.image().getColorModel().getComponentSize(0))
                        .as(format.getKey() + " depth")
                        .isEqualTo(16);
            }
            if (format.getValue() != FrameFileType.JPEG && format.getValue() != FrameFileType.TGA) {
                refusesDamagedCopies(
                        frame,
                        !"piz".equals(format.getKey().exrCodec())
                                && !"dwaa".equals(format.getKey().exrCodec()));
            }
            Files.delete(frame);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRenderPreviewsAsEightBitPngWhateverTheScenesFormat() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderScene(dir, "ml", 1, 2, 32, 24, 1, EXR_MULTILAYER);

        Path preview = blender(scene, FrameSet.of(2), OutputFormat.SCENE, Quality.preview(50, 1))
                .saved
                .get(2);

        assertThat(preview.getFileName().toString()).isEqualTo("rf_002.png");
        assertThat(verifier.verifyAndDecode(preview).verified().width()).isEqualTo(16);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseAMovieSceneWithOneLineBeforeRendering() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene =
                TestScenes.blenderScene(dir, "movie", 1, 2, 32, 24, 1, new TestScenes.Output("FFMPEG", "", "", "", 24));

        OutputRecorder rendered = blender(scene, FrameSet.range(1, 2), OutputFormat.SCENE, Quality.FINAL);

        assertThat(rendered.exitCode()).isNotZero();
        assertThat(rendered.saved).isEmpty();
        assertThat(rendered.failures)
                .as("the scene's problem, on any slot")
                .containsExactly("scene: the scene writes"
                        + " FFMPEG, which the farm cannot verify frame by frame: choose PNG, JPEG, TIFF, OpenEXR or Targa in its"
                        + " Output properties, or set the profile's format");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldGiveTheResidentDriverTheSameOutputAndRestoreTheScenesFormatAfterAPreview() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene = TestScenes.blenderScene(dir, "ml", 1, 3, 32, 24, 1, EXR_MULTILAYER);
        ResidentBlender blender =
                ResidentBlender.start(ResidentKey.of("blender", scene), Files.createDirectories(dir.resolve("w")));
        try {
            List<String> lines = new ArrayList<>();
            Path out = Files.createDirectories(dir.resolve("resident"));
            assertThat(blender.render(FrameSet.of(1), out, Quality.preview(50, 1), 1, lines::add))
                    .isNull();
            assertThat(blender.render(FrameSet.of(2), out, Quality.FINAL, 1, lines::add))
                    .isNull();
            assertThat(blender.render(
                            FrameSet.of(3), out, Quality.FINAL, OutputFormat.of(FrameFormat.TIFF), 1, null, lines::add))
                    .isNull();

            assertThat(lines)
                    .contains(
                            "Saved: '" + out.resolve("rf_001.png") + "'",
                            "Saved: '" + out.resolve("rf_002.exr") + "'",
                            "Saved: '" + out.resolve("rf_003.tif") + "'");
            assertThat(verifier.verifyAndDecode(out.resolve("rf_002.exr")).exr().colourLayer())
                    .isEqualTo("ViewLayer.Combined");
            assertThat(lines)
                    .anyMatch(l -> l.startsWith("Renderfarm output: OPEN_EXR_MULTILAYER 16-bit ZIP")
                            && l.endsWith("fps 12/1.0"));
        } finally {
            blender.kill();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldHaveTheResidentDriverRefuseAMovieSceneAsTheSceneError() throws Exception {
        assumeThat(TestScenes.hasBlender()).as("blender installed").isTrue();
        Path scene =
                TestScenes.blenderScene(dir, "movie", 1, 2, 32, 24, 1, new TestScenes.Output("FFMPEG", "", "", "", 24));
        ResidentBlender blender =
                ResidentBlender.start(ResidentKey.of("blender", scene), Files.createDirectories(dir.resolve("w")));
        try {
            Path out = Files.createDirectories(dir.resolve("resident"));
            OutputParser parser = new BlenderRenderer()
                    .newParser(RenderInvocation.builder()
                            .executable("blender")
                            .scene(scene)
                            .frames(FrameSet.of(1))
                            .outputDir(out)
                            .threads(1)
                            .quality(Quality.FINAL)
                            .build());
            OutputRecorder recorder = new OutputRecorder(parser);

            String failure = blender.render(FrameSet.of(1), out, Quality.FINAL, 1, recorder::accept);

            assertThat(failure).contains("the scene writes FFMPEG");
            assertThat(recorder.failures)
                    .as("as a one-process render reports it")
                    .containsExactly("scene: the scene writes"
                            + " FFMPEG, which the farm cannot verify frame by frame: choose PNG, JPEG, TIFF, OpenEXR or Targa in its"
                            + " Output properties, or set the profile's format");
            assertThat(recorder.saved).isEmpty();
        } finally {
            blender.kill();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldWritePovRaysFormatsThatPassTheirChecks() throws Exception {
        assumeThat(TestScenes.hasPovray()).as("povray installed").isTrue();
        Path scene = TestScenes.povScene(dir, "box", 32, 24);
        PovRayRenderer povray = new PovRayRenderer();
        Map<FrameFormat, FrameFileType> formats = Map.of(
                FrameFormat.EXR,
                FrameFileType.EXR,
                FrameFormat.PNG16,
                FrameFileType.PNG,
                FrameFormat.TGA,
                FrameFileType.TGA);

        for (Map.Entry<FrameFormat, FrameFileType> format : formats.entrySet()) {
            Path out = Files.createDirectories(dir.resolve("pov-" + format.getKey()));
            RenderInvocation invocation = RenderInvocation.builder()
                    .executable("povray")
                    .scene(scene)
                    .frames(FrameSet.of(1))
                    .outputDir(out)
                    .threads(1)
                    .quality(Quality.FINAL)
                    .format(OutputFormat.of(format.getKey()))
                    .build();
            OutputRecorder rendered = OutputRecorder.render(povray, invocation);

            Path frame = rendered.saved.get(1);
            assertThat(verifier.verifyAndDecode(frame).type())
                    .as(format.getKey().toString())
                    .isEqualTo(format.getValue());
            assertThatThrownBy(() -> verifier.verify(cut(frame, 2)))
                    .as(format.getKey() + " cut")
                    .isInstanceOf(InvalidFrameException.class);
            if (format.getValue() != FrameFileType.TGA) { // an uncompressed Targa has no structure to lose
                refusesDamagedCopies(frame, false);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAcceptFfmpegsOpenExrToo() throws Exception {
        assumeThat(Ffprobe.present()).as("ffmpeg installed").isTrue();
        Path png = dir.resolve("in.png");
        TestScenes.writePng(png, 48, 32, TestScenes.TEXTURE_COLOR);
        Path exr = dir.resolve("out.exr");
        Process ffmpeg = new ProcessBuilder(
                        "ffmpeg",
                        "-nostdin",
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        png.toString(),
                        "-compression",
                        "zip16",
                        exr.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(verifier.verifyAndDecode(exr).exr().compression()).isEqualTo("ZIP");
        refusesDamagedCopies(exr, true);
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** A truncated, a zero-filled and a bit-flipped copy are each refused with a reason naming the problem. */
    private void refusesDamagedCopies(Path frame, boolean pixelsHaveChecksums) throws Exception {
        byte[] bytes = Files.readAllBytes(frame);
        assertThat(catchThrowable(() -> verifier.verify(cut(frame, 3))))
                .as(frame + " truncated")
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining(frame.getFileName().toString() + "-");
        byte[] zeroed = bytes.clone();
        Arrays.fill(zeroed, zeroed.length / 2, zeroed.length - 4, (byte) 0);
        assertThat(catchThrowable(() -> verifier.verify(write(frame, "zeroed", zeroed))))
                .as(frame + " zero-filled")
                .isInstanceOf(InvalidFrameException.class);
        byte[] flipped = bytes.clone();
        // in the pixel data: a TIFF's strip follows its 8-byte header, its tags come last; elsewhere three quarters in
        int at = !pixelsHaveChecksums
                ? structuralByte(frame, bytes)
                : frame.toString().endsWith(".tif") ? bytes.length / 3 : bytes.length - bytes.length / 4;
        flipped[at] ^= 0x04;
        assertThat(catchThrowable(() -> verifier.verify(write(frame, "flipped", flipped))))
                .as(frame + " flipped at " + at)
                .isInstanceOf(InvalidFrameException.class);
    }

    /** For files without checksums over their pixels: a byte of the structure (an EXR's last chunk's size, a PNG's last chunk). */
    private static int structuralByte(Path frame, byte[] bytes) {
        return frame.toString().endsWith(".exr") ? lastExrChunkSizeByte(bytes) : bytes.length - 6;
    }

    private static int lastExrChunkSizeByte(byte[] bytes) {
        // single-part scan lines: the offset table's last entry points at [y, size, data]
        int table = io.renderfarm.engine.verify.ExrTesting.offsetTableStart(bytes);
        long last = 0;
        for (int at = table; at + 8 <= bytes.length; at += 8) {
            long offset = java.nio.ByteBuffer.wrap(bytes, at, 8)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong();
            if (offset <= last || offset >= bytes.length) {
                break;
            }
            last = offset;
        }
        return (int) last + 5;
    }

    private Path cut(Path frame, int divisor) throws Exception {
        byte[] bytes = Files.readAllBytes(frame);
        return write(frame, "cut", Arrays.copyOf(bytes, bytes.length - bytes.length / divisor));
    }

    private Path write(Path frame, String what, byte[] bytes) throws Exception {
        return Files.write(frame.resolveSibling(frame.getFileName() + "-" + what), bytes);
    }

    private OutputRecorder blender(Path scene, FrameSet frames, OutputFormat format, Quality quality) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        RenderInvocation invocation = RenderInvocation.builder()
                .executable("blender")
                .scene(scene)
                .frames(frames)
                .outputDir(out)
                .threads(1)
                .quality(quality)
                .format(format)
                .build();
        return OutputRecorder.render(new BlenderRenderer(), invocation);
    }
}
