package io.renderfarm.engine.sample;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Small image helpers for samples; headless-safe (no AWT toolkit needed). */
final class Images {
    private Images() {}

    /** Scaled to {@code width} (never up), keeping the aspect, as 8-bit RGB whatever the source's depth. */
    static BufferedImage scaleToWidth(BufferedImage source, int width) {
        int w = Math.min(width, source.getWidth());
        int h = Math.max(1, (int) Math.round(source.getHeight() * (w / (double) source.getWidth())));
        return scale(source, w, h);
    }

    /** Scaled to exactly {@code w x h}, as 8-bit RGB. */
    static BufferedImage scale(BufferedImage source, int w, int h) {
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    /** An even number at most {@code max} and at most {@code size} (H.264 in 4:2:0 needs even sizes), at least 2. */
    static int even(int size, int max) {
        return Math.max(2, Math.min(size, max) & ~1);
    }

    /**
     * PNG bytes of an image, encoded in memory: {@code ImageIO.write} to a stream would cache through a
     * temporary file unless the JVM-wide {@code ImageIO.setUseCache(false)} is set, which is not ours to set
     * inside Jenkins.
     */
    static byte[] encodePng(BufferedImage image) throws IOException {
        return encode(image, "png", null);
    }

    /** JPEG bytes at quality 0.9, for movie frames (a tenth of a PNG's size). */
    static byte[] encodeJpeg(BufferedImage image) throws IOException {
        return encode(image, "jpeg", 0.9f);
    }

    private static byte[] encode(BufferedImage image, String format, Float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
