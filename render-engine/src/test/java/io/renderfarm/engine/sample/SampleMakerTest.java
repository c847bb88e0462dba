package io.renderfarm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.store.DirectoryFrameStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMakerTest {
    @TempDir
    Path dir;

    @Test
    void shouldPutAThumbnailOfTheDecodedFrameAndAContactSheetIntoTheStore() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        SampleMaker samples = new SampleMaker(store);
        BufferedImage frame = new BufferedImage(480, 270, BufferedImage.TYPE_INT_RGB);
        frame.setRGB(240, 135, 0xffffff);
        OutputNaming naming = OutputNaming.withPrefix("shot_");

        SampleMaker.Thumbnails made = samples.thumbnailOf(naming, 7, frame);

        assertThat(made.thumbnail()).isEqualTo(dir.resolve("samples/thumb_shot_0007.png").toString());
        BufferedImage thumbnail = ImageIO.read(Path.of(made.thumbnail()).toFile());
        assertThat(thumbnail.getWidth()).isEqualTo(SampleMaker.THUMBNAIL_WIDTH);
        assertThat(thumbnail.getHeight()).isEqualTo(90);
        assertThat(made.contactSheet()).isEqualTo(dir.resolve("samples/" + SampleMaker.CONTACT_SHEET_NAME).toString());
        assertThat(ImageIO.read(Path.of(made.contactSheet()).toFile()).getWidth())
                .isEqualTo(SampleMaker.THUMBNAIL_WIDTH + 2 * ContactSheet.GAP);
        try (var leftovers = Files.list(dir.resolve(DirectoryFrameStore.META_DIR).resolve("incoming"))) {
            assertThat(leftovers).as("scratch files left behind").isEmpty();
        }
    }

    @Test
    void shouldThrottleTheContactSheetButNeverAThumbnail() throws Exception {
        SampleMaker samples = new SampleMaker(new DirectoryFrameStore(dir));
        BufferedImage frame = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
        OutputNaming naming = OutputNaming.withPrefix("f_");

        SampleMaker.Thumbnails first = samples.thumbnailOf(naming, 1, frame);
        SampleMaker.Thumbnails second = samples.thumbnailOf(naming, 2, frame);

        assertThat(first.contactSheet()).isNotNull();
        assertThat(second.contactSheet()).as("within a second of the last sheet").isNull();
        assertThat(second.thumbnail()).isNotNull();
        assertThat(ImageIO.read(Path.of(second.thumbnail()).toFile()).getWidth()).as("never scaled up").isEqualTo(64);
    }
}
