package io.renderfarm.engine.sample;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Small image helpers for samples; headless-safe (no AWT toolkit needed). */
final class Images {
    private Images() {
    }

    static BufferedImage scaleToWidth(BufferedImage source, int width) {
        int w = Math.min(width, source.getWidth());
        int h = Math.max(1, (int) Math.round(source.getHeight() * (w / (double) source.getWidth())));
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

    /**
     * PNG bytes of an image, encoded in memory: {@code ImageIO.write} to a stream would cache through a
     * temporary file unless the JVM-wide {@code ImageIO.setUseCache(false)} is set, which is not ours to set
     * inside Jenkins.
     */
    static byte[] encodePng(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
