package io.renderfarm.engine.sample;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

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
}
