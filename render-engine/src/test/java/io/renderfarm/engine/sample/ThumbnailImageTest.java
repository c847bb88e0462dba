package io.renderfarm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.time.Clock;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails made where a frame was rendered, stored and composed elsewhere without decoding. */
class ThumbnailImageTest {
    @TempDir
    Path dir;

    @Test
    void shouldCarryThePixelsAndThePngOfTheScaledFrame() throws Exception {
        BufferedImage frame = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
        frame.setRGB(0, 0, 1920, 1080, filled(1920 * 1080, 0x3366cc), 0, 1920);

        ThumbnailImage thumb = ThumbnailImage.of(frame);

        assertThat(thumb.width()).isEqualTo(SampleMaker.THUMBNAIL_WIDTH);
        assertThat(thumb.height()).isEqualTo(90);
        assertThat(thumb.image().getRGB(80, 45) & 0xffffff).isEqualTo(0x3366cc);
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(thumb.png()));
        assertThat(decoded.getWidth()).isEqualTo(160);
        assertThat(decoded.getRGB(80, 45) & 0xffffff).isEqualTo(0x3366cc);
    }

    @Test
    void shouldMakeNoThumbnailOfAFrameFarTallerThanWide() throws Exception {
        assertThat(ThumbnailImage.of(new BufferedImage(10, 2000, BufferedImage.TYPE_INT_RGB)))
                .isNull();
    }

    @Test
    void shouldRefuseThumbnailsThatAreNotSmall() {
        assertThatThrownBy(() -> new ThumbnailImage(4000, 90, new int[4000 * 90], new byte[1]))
                .hasMessageContaining("at most 160×1600 pixels");
        assertThatThrownBy(() -> new ThumbnailImage(160, 90, new int[10], new byte[1]))
                .hasMessageContaining("needs 14400 pixels");
        assertThatThrownBy(() ->
                        new ThumbnailImage(160, 90, new int[160 * 90], new byte[ThumbnailImage.MAX_PNG_BYTES + 1]))
                .hasMessageContaining("PNG has 1 to");
    }

    @Test
    void shouldStoreTheThumbnailAsMadeAndComposeTheContactSheetFromItsPixels() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        BufferedImage frame = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        ThumbnailImage thumb = ThumbnailImage.of(frame);
        List<String> made = new CopyOnWriteArrayList<>();

        try (SampleMaker samples = new SampleMaker(
                store, FrameSet.parse("4"), Clock.SYSTEM, (f, kind, path) -> made.add(kind + " " + path))) {
            samples.queue(samples.prepare(4, "shot_0004.exr", new FrameSamples(thumb, null)));
            samples.finish().get(30, TimeUnit.SECONDS);
        }

        assertThat(Files.readAllBytes(dir.resolve("samples/thumb_shot_0004.png")))
                .isEqualTo(thumb.png());
        assertThat(made).anyMatch(m -> m.startsWith("contact-sheet "));
        assertThat(ImageIO.read(dir.resolve("samples")
                                .resolve(SampleMaker.CONTACT_SHEET_NAME)
                                .toFile())
                        .getWidth())
                .isEqualTo(SampleMaker.THUMBNAIL_WIDTH + 2 * ContactSheet.GAP);
    }

    private static int[] filled(int n, int rgb) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, rgb);
        return a;
    }
}
