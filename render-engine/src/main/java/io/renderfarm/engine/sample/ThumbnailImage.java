package io.renderfarm.engine.sample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;

/**
 * A frame's thumbnail made where the frame was rendered, so the host storing it decodes nothing: the encoded PNG
 * it stores as the thumbnail sample and the pixels ({@code 0xRRGGBB}, row by row) the contact sheet is composed
 * from. Small by construction (at most {@link SampleMaker#THUMBNAIL_WIDTH} wide, bounded height and PNG size), and
 * checked so when it comes from another machine.
 */
public record ThumbnailImage(int width, int height, int[] rgb, byte[] png) implements Serializable {
    /** A frame more than ten times as tall as wide gets no thumbnail. */
    public static final int MAX_HEIGHT = 10 * SampleMaker.THUMBNAIL_WIDTH;
    /** Far above what a PNG of at most {@code 160 × 1600} pixels needs. */
    public static final int MAX_PNG_BYTES = 2 * 1024 * 1024;

    public ThumbnailImage {
        if (width <= 0 || width > SampleMaker.THUMBNAIL_WIDTH || height <= 0 || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("a thumbnail is at most " + SampleMaker.THUMBNAIL_WIDTH + "×"
                    + MAX_HEIGHT + " pixels, not " + width + "×" + height);
        }
        if (rgb == null || rgb.length != width * height) {
            throw new IllegalArgumentException(
                    "a " + width + "×" + height + " thumbnail needs " + width * height + " pixels");
        }
        if (png == null || png.length == 0 || png.length > MAX_PNG_BYTES) {
            throw new IllegalArgumentException("a thumbnail's PNG has 1 to " + MAX_PNG_BYTES + " bytes");
        }
    }

    /** The thumbnail of a decoded frame; null when the frame's shape allows none. */
    public static ThumbnailImage of(BufferedImage frame) throws IOException {
        int w = Math.min(SampleMaker.THUMBNAIL_WIDTH, frame.getWidth());
        if (Math.round(frame.getHeight() * (w / (double) frame.getWidth())) > MAX_HEIGHT) {
            return null;
        }
        BufferedImage small = Images.scaleToWidth(frame, SampleMaker.THUMBNAIL_WIDTH);
        return of(small, Images.encodePng(small));
    }

    static ThumbnailImage of(BufferedImage small, byte[] png) {
        int w = small.getWidth();
        int h = small.getHeight();
        return new ThumbnailImage(w, h, small.getRGB(0, 0, w, h, null, 0, w), png);
    }

    /** The pixels as an image, for the contact sheet; builds it from the pixels, decoding nothing. */
    public BufferedImage image() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }
}
