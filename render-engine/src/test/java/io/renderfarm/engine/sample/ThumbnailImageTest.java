package io.renderfarm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.store.DirectoryFrameStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(ThumbnailImage.of(new BufferedImage(10, 2000, BufferedImage.TYPE_INT_RGB))).isNull();
    }

    @Test
    void shouldRefuseThumbnailsThatAreNotSmall() {
        assertThatThrownBy(() -> new ThumbnailImage(4000, 90, new int[4000 * 90], new byte[1]))
                .hasMessageContaining("at most 160×1600 pixels");
        assertThatThrownBy(() -> new ThumbnailImage(160, 90, new int[10], new byte[1]))
                .hasMessageContaining("needs 14400 pixels");
        assertThatThrownBy(() -> new ThumbnailImage(160, 90, new int[160 * 90], new byte[ThumbnailImage.MAX_PNG_BYTES + 1]))
                .hasMessageContaining("PNG has 1 to");
    }

    @Test
    void shouldStoreTheThumbnailAsMadeAndComposeTheContactSheetFromItsPixels() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        BufferedImage frame = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        ThumbnailImage thumb = ThumbnailImage.of(frame);

        SampleMaker.Thumbnails made = new SampleMaker(store).thumbnailOf(OutputNaming.withPrefix("shot_"), 4, thumb);

        assertThat(Files.readAllBytes(Path.of(made.thumbnail()))).isEqualTo(thumb.png());
        assertThat(ImageIO.read(Path.of(made.contactSheet()).toFile()).getWidth())
                .isEqualTo(SampleMaker.THUMBNAIL_WIDTH + 2 * ContactSheet.GAP);
    }

    private static int[] filled(int n, int rgb) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, rgb);
        return a;
    }
}
