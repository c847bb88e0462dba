package io.renderfarm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.ExrChecker;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails, the whole-shot contact sheet and the preview movie, off the caller's thread. */
class SampleMakerTest {
    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Clock clock = nanos::get;
    private final List<String> made = new CopyOnWriteArrayList<>();
    private SampleMaker samples;

    @AfterEach
    void close() {
        if (samples != null) {
            samples.close();
        }
    }

    private SampleMaker samples(FrameSet shot, Ffmpeg ffmpeg) throws Exception {
        samples = new SampleMaker(
                new DirectoryFrameStore(dir),
                shot,
                clock,
                (frame, kind, path) ->
                        made.add(kind + ":" + frame + ":" + Path.of(path).getFileName()),
                ffmpeg);
        return samples;
    }

    private static DecodedFrame png(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, rgb);
            }
        }
        return new DecodedFrame(new VerifiedFrame(width, height, 1, "00"), FrameFileType.PNG, image, null, new byte[0]);
    }

    @Test
    void shouldPutAPngThumbnailOfEveryStoredFrameWhateverItsFormat() throws Exception {
        samples(FrameSet.range(1, 10), null).frameStored(7, "shot_0007.tif", png(480, 270, 0x336699));

        await().atMost(10, TimeUnit.SECONDS).until(() -> made.contains("thumbnail:7:thumb_shot_0007.png"));
        BufferedImage thumbnail =
                ImageIO.read(dir.resolve("samples/thumb_shot_0007.png").toFile());
        assertThat(thumbnail.getWidth()).isEqualTo(SampleMaker.THUMBNAIL_WIDTH);
        assertThat(thumbnail.getHeight()).isEqualTo(90);
    }

    @Test
    void shouldDrawTheWholeShotLabelledOnTheFinalSheetIncludingTheLastFrame() throws Exception {
        SampleMaker maker = samples(FrameSet.range(1, 12), null);
        for (int frame = 1; frame <= 12; frame++) {
            maker.frameStored(frame, "f_" + frame + ".png", png(64, 48, frame == 12 ? 0xff0000 : 0x0000ff));
        }

        maker.finish().get(30, TimeUnit.SECONDS);

        assertThat(made)
                .filteredOn(m -> m.startsWith("contact-sheet"))
                .last()
                .isEqualTo("contact-sheet:12:contact-sheet.png");
        BufferedImage sheet =
                ImageIO.read(dir.resolve("samples/contact-sheet.png").toFile());
        int cell = 64 + ContactSheet.GAP;
        assertThat(sheet.getWidth()).as("12 frames: 4 columns").isEqualTo(4 * cell + ContactSheet.GAP);
        assertThat(sheet.getHeight()).as("3 rows").isEqualTo(3 * (48 + ContactSheet.GAP) + ContactSheet.GAP);
        // frame 12 is the last cell: red, with its white label in the bottom-left corner
        int x = ContactSheet.GAP + 3 * cell;
        int y = ContactSheet.GAP + 2 * (48 + ContactSheet.GAP);
        assertThat(sheet.getRGB(x + 40, y + 10) & 0xffffff).isEqualTo(0xff0000);
        assertThat(countWhite(sheet, x, y + 48 - FrameLabel.HEIGHT, 30, FrameLabel.HEIGHT))
                .isGreaterThan(10);
    }

    @Test
    void shouldSampleALongShotEvenlyFromItsFirstToItsLastFrame() {
        List<Integer> cells = ContactSheet.evenSample(FrameSet.range(1, 1000), 64);

        assertThat(cells).hasSize(64).startsWith(1).endsWith(1000).isSorted().doesNotHaveDuplicates();
        assertThat(ContactSheet.evenSample(FrameSet.parse("1-20x2"), 64))
                .hasSize(10)
                .endsWith(19);
    }

    @Test
    void shouldRedrawTheSheetAtMostOncePerSecondOfTheJobsClock() throws Exception {
        SampleMaker maker = samples(FrameSet.range(1, 10), null);

        maker.frameStored(1, "f_1.png", png(32, 24, 0));
        maker.frameStored(2, "f_2.png", png(32, 24, 0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> made.contains("thumbnail:2:thumb_f_2.png"));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        maker.frameStored(3, "f_3.png", png(32, 24, 0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> made.contains("thumbnail:3:thumb_f_3.png"));

        assertThat(made)
                .filteredOn(m -> m.startsWith("contact-sheet"))
                .containsExactly("contact-sheet:1:contact-sheet.png", "contact-sheet:3:contact-sheet.png");
    }

    @Test
    void shouldEncodeEveryFinishedFrameInOrderAtTheScenesFrameRate() throws Exception {
        assumeThat(Ffprobe.present()).as("ffmpeg and ffprobe installed").isTrue();
        SampleMaker maker = samples(FrameSet.range(1, 8), Ffmpeg.onPath().orElseThrow());
        maker.sceneOutput(new SceneOutput("PNG 8-bit", 12));
        for (int frame : new int[] {5, 1, 2, 8, 3}) { // 4, 6 and 7 never finished: skipped, not invented
            maker.frameStored(frame, "f_" + frame + ".png", png(101, 75, frame * 0x101010));
        }

        maker.finish().get(60, TimeUnit.SECONDS);

        assertThat(made).filteredOn(m -> m.startsWith("movie")).last().isEqualTo("movie:8:preview.mp4");
        assertThat(Ffprobe.videoStream(dir.resolve("samples/preview.mp4")))
                .as("odd sizes made even")
                .isEqualTo("h264,100,74,12/1,5");
    }

    @Test
    void shouldNotHoldUpTheCallerWhileFfmpegWorks() throws Exception {
        Path slow = dir.resolve("slow-ffmpeg");
        Files.writeString(slow, "#!/bin/sh\nsleep 5\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        SampleMaker maker = samples(FrameSet.range(1, 3), new Ffmpeg(slow.toString(), null));
        byte[] exr = {0x76, 0x2f, 0x31, 0x01};
        DecodedFrame exrFrame = new DecodedFrame(
                new VerifiedFrame(64, 48, 4, "00"),
                FrameFileType.EXR,
                null,
                new ExrChecker.ExrInfo(64, 48, 1, false, "ZIP", List.of("R", "G", "B")),
                exr);

        long start = System.nanoTime();
        maker.frameStored(1, "f_1.exr", exrFrame);
        maker.frameStored(2, "f_2.png", png(64, 48, 0));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        maker.close(); // kills the sleeping "ffmpeg"
    }

    private static int countWhite(BufferedImage image, int x0, int y0, int w, int h) {
        int count = 0;
        for (int x = x0; x < x0 + w; x++) {
            for (int y = y0; y < y0 + h; y++) {
                count += (image.getRGB(x, y) & 0xffffff) == 0xffffff ? 1 : 0;
            }
        }
        return count;
    }
}
