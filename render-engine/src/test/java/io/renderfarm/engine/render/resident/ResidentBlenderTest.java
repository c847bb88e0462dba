package io.renderfarm.engine.render.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.testing.TestScenes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resident Blender fed frame after frame, with real Blender on a tiny Cycles scene (64 x 48, 4 samples). */
class ResidentBlenderTest {
    @TempDir
    Path tmp;

    private ResidentBlender blender;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBlender() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "resident", 1, 6, 64, 48, 4);
        blender = ResidentBlender.start(ResidentKey.of("blender", scene), tmp);
    }

    @AfterEach
    void killBlender() {
        if (blender != null) {
            blender.kill();
        }
    }

    @Test
    void shouldRenderEveryFrameInTheOrderFedWithOneProcess() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        long pid = blender.pid();

        for (int frame : new int[] {5, 2, 3}) {
            assertThat(blender.render(FrameSet.of(frame), out, Quality.FINAL, 1, lines::add))
                    .isNull();
        }
        assertThat(blender.render(FrameSet.parse("1-6x5"), out, Quality.FINAL, 1, lines::add))
                .isNull();

        assertThat(savedFrames())
                .containsExactly("rf_0005.png", "rf_0002.png", "rf_0003.png", "rf_0001.png", "rf_0006.png");
        for (int frame : new int[] {1, 2, 3, 5, 6}) {
            assertThat(size(out.resolve(String.format("rf_%04d.png", frame)))).isEqualTo("64x48");
        }
        assertThat(blender.pid()).isEqualTo(pid);
        assertThat(blender.isAlive()).isTrue();
    }

    @Test
    void shouldRenderEachFrameWithTheThreadsSentForIt() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));

        assertThat(blender.render(FrameSet.of(1), out, Quality.FINAL, 1, lines::add))
                .isNull();
        assertThat(blender.lastFrameThreads()).isEqualTo(1);
        assertThat(blender.render(FrameSet.of(2), out, Quality.FINAL, 2, lines::add))
                .isNull();
        assertThat(blender.lastFrameThreads())
                .as("the job's tail frame gets more threads")
                .isEqualTo(2);
        assertThat(blender.render(FrameSet.of(3), out, Quality.FINAL, 0, lines::add))
                .isNull();
        assertThat(blender.lastFrameThreads())
                .as("0: the scene's own setting, all cores by default")
                .isPositive();
    }

    @Test
    void shouldSwitchBetweenPreviewAndFinalQualityOnTheSameProcess() throws Exception {
        Path preview = Files.createDirectories(tmp.resolve("preview"));
        Path fin = Files.createDirectories(tmp.resolve("final"));
        Path previewAgain = Files.createDirectories(tmp.resolve("preview-again"));

        assertThat(blender.render(FrameSet.of(1), preview, Quality.preview(25, 2), 1, lines::add))
                .isNull();
        int previewLines = lines.size();
        assertThat(blender.render(FrameSet.of(1), fin, Quality.FINAL, 1, lines::add))
                .isNull();
        int finalLines = lines.size();
        assertThat(blender.render(FrameSet.of(1), previewAgain, Quality.preview(50, 2), 1, lines::add))
                .isNull();

        assertThat(size(preview.resolve("rf_0001.png"))).isEqualTo("16x12");
        assertThat(size(fin.resolve("rf_0001.png"))).isEqualTo("64x48");
        assertThat(size(previewAgain.resolve("rf_0001.png"))).isEqualTo("32x24");
        assertThat(lines.subList(0, previewLines))
                .anyMatch(l -> l.contains("Sample 2/2"))
                .noneMatch(l -> l.contains("/4"));
        assertThat(lines.subList(previewLines, finalLines)).anyMatch(l -> l.contains("Sample 4/4"));
    }

    @Test
    void shouldReportAFrameThatCannotBeSavedAndRenderTheNextOneOnTheSameProcess() throws Exception {
        Path unwritable = Path.of("/proc/renderfarm-no-such-folder");
        Path out = Files.createDirectories(tmp.resolve("out"));

        String failure = blender.render(FrameSet.of(2), unwritable, Quality.FINAL, 1, lines::add);
        String next = blender.render(FrameSet.of(3), out, Quality.FINAL, 1, lines::add);

        assertThat(failure).startsWith("Blender could not render frame 2: ").contains("cannot save");
        assertThat(blender.isAlive()).isTrue();
        assertThat(next).isNull();
        assertThat(size(out.resolve("rf_0003.png"))).isEqualTo("64x48");
    }

    @Test
    void shouldFailTheRenderOfAProcessThatWasKilled() throws Exception {
        blender.kill();

        String failure = blender.render(FrameSet.of(1), tmp, Quality.FINAL, 1, lines::add);

        assertThat(failure).startsWith("blender exited with code");
        assertThat(blender.isAlive()).isFalse();
    }

    @Test
    void shouldKeepBlendersTemporaryFolderInItsOwnFolderAndRemoveItWhenKilled() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        assertThat(blender.render(FrameSet.of(1), out, Quality.FINAL, 1, lines::add))
                .isNull();
        List<Path> blenderTemp = blenderTempFolders();
        assertThat(blenderTemp)
                .as("Blender made its session folder in the farm's, not in /tmp")
                .hasSize(1);

        blender.kill();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(blenderTemp.get(0)).doesNotExist());
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("tmp-"));
        }
    }

    /** The {@code blender_XXXXXX} session folders under the process's {@code tmp-*} folder in the work folder. */
    private List<Path> blenderTempFolders() throws Exception {
        try (Stream<Path> walk = Files.walk(tmp, 2)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("blender_")
                            && p.getParent().getFileName().toString().startsWith("tmp-"))
                    .toList();
        }
    }

    private List<String> savedFrames() {
        return lines.stream()
                .filter(l -> l.startsWith("Saved: '"))
                .map(l -> Path.of(l.substring(8, l.length() - 1)).getFileName().toString())
                .toList();
    }

    private static String size(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        return image.getWidth() + "x" + image.getHeight();
    }
}
