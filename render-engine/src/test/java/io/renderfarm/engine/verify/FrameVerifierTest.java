package io.renderfarm.engine.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameVerifierTest {
    @TempDir
    Path dir;

    private final FrameVerifier verifier = new FrameVerifier();

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, x % height, new Color(x * 3 % 256, 90, 200).getRGB());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void shouldDecodeOnceAndRecordTheChecksumOfTheBytesItChecked() throws Exception {
        Path frame = Files.write(dir.resolve("f_0001.png"), png(64, 36));

        DecodedFrame decoded = verifier.verifyAndDecode(frame);

        assertThat(decoded.verified().width()).isEqualTo(64);
        assertThat(decoded.verified().height()).isEqualTo(36);
        assertThat(decoded.verified().bytes()).isEqualTo(Files.size(frame));
        assertThat(decoded.verified().sha256()).isEqualTo(FrameVerifier.sha256(frame));
        assertThat(decoded.image().getRGB(5, 5))
                .isEqualTo(ImageIO.read(frame.toFile()).getRGB(5, 5));
        assertThat(verifier.verify(frame)).isEqualTo(decoded.verified());
    }

    @Test
    void shouldRefuseATruncatedPng() throws Exception {
        byte[] whole = png(64, 36);
        Path frame = Files.write(dir.resolve("cut.png"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> verifier.verify(frame))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("cut.png")
                .hasMessageContaining("(PNG)")
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRefuseAPngWithAFlippedBitThatStillDecodes() throws Exception {
        byte[] bytes = png(64, 36);
        bytes[20] ^= 0x01; // inside IHDR's width: the JDK's decoder alone does not check chunk CRCs

        Path frame = Files.write(dir.resolve("flipped.png"), bytes);

        assertThatThrownBy(() -> verifier.verify(frame))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("frame file flipped.png (PNG) chunk 'IHDR' at byte 8 fails its CRC check (damaged)");
    }

    @Test
    void shouldRefuseBytesAfterThePngsEnd() throws Exception {
        byte[] whole = png(16, 9);
        Path frame = Files.write(dir.resolve("long.png"), Arrays.copyOf(whole, whole.length + 100));

        assertThatThrownBy(() -> verifier.verify(frame))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("goes on for 100 bytes after its IEND chunk");
    }

    @Test
    void shouldDecodeJpegAndTiffAndRefuseThemCut() throws Exception {
        for (String format : new String[] {"jpeg", "tiff"}) {
            BufferedImage image = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, x % 36, 0x33cc66);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).isTrue();
            byte[] whole = out.toByteArray();
            Path good = Files.write(dir.resolve("good." + format), whole);
            Path cut = Files.write(dir.resolve("cut." + format), Arrays.copyOf(whole, whole.length * 2 / 3));

            DecodedFrame decoded = verifier.verifyAndDecode(good);

            assertThat(decoded.type()).isEqualTo(format.equals("jpeg") ? FrameFileType.JPEG : FrameFileType.TIFF);
            assertThat(decoded.verified().width()).isEqualTo(64);
            assertThatThrownBy(() -> verifier.verify(cut))
                    .as(format)
                    .isInstanceOf(InvalidFrameException.class)
                    .hasMessageContaining("cut." + format);
        }
    }

    @Test
    void shouldRefuseMissingEmptyAndNonImageFilesNamingThem() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        Path text = Files.writeString(dir.resolve("log.png"), "Fra:1 Mem:12M | Saved: nothing");

        assertThatThrownBy(() -> verifier.verify(dir.resolve("gone.png")))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("frame file gone.png does not exist");
        assertThatThrownBy(() -> verifier.verify(dir))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> verifier.verify(empty))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("frame file empty.png is empty");
        assertThatThrownBy(() -> verifier.verify(text))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("frame file log.png is not an image of a known type (PNG, JPEG, TIFF, BMP, OpenEXR, TGA)");
    }

    @Test
    void shouldHashBytesStreamsAndFilesAlike() throws Exception {
        byte[] bytes = png(16, 9);
        Path file = Files.write(dir.resolve("a.png"), bytes);

        assertThat(FrameVerifier.sha256(bytes))
                .isEqualTo(FrameVerifier.sha256(file))
                .isEqualTo(FrameVerifier.sha256(new java.io.ByteArrayInputStream(bytes)));
        assertThat(FrameVerifier.sha256(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
