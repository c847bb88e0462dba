package io.renderfarm.engine.sample;

import java.awt.image.BufferedImage;
import java.io.Serializable;

/**
 * A frame of the preview movie made where the frame was rendered, as plain 8-bit RGB pixels ({@code R G B} bytes,
 * row by row) at the movie's size ({@link PreviewMovie#sizeFor}: even, at most {@link PreviewMovie#MAX_WIDTH}
 * wide). Pixels rather than an encoded image, so the host making the movie parses nothing another machine sent: it
 * only encodes them. Checked so when it comes from another machine.
 */
public record MovieFrame(int width, int height, byte[] rgb) implements Serializable {
    /** A movie frame more than four times as tall as the widest movie is none this farm makes. */
    public static final int MAX_HEIGHT = 4 * PreviewMovie.MAX_WIDTH;

    public MovieFrame {
        if (width < 2
                || width > PreviewMovie.MAX_WIDTH
                || height < 2
                || height > MAX_HEIGHT
                || width % 2 != 0
                || height % 2 != 0) {
            throw new IllegalArgumentException("a movie frame is even-sized and at most " + PreviewMovie.MAX_WIDTH + "×"
                    + MAX_HEIGHT + " pixels, not " + width + "×" + height);
        }
        if (rgb == null || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException(
                    "a " + width + "×" + height + " movie frame needs " + 3 * width * height + " bytes of RGB");
        }
    }

    /** The movie frame of a decoded frame: scaled to the movie's size. */
    public static MovieFrame of(BufferedImage frame) {
        int[] size = PreviewMovie.sizeFor(frame.getWidth(), frame.getHeight());
        BufferedImage scaled = Images.scale(frame, size[0], size[1]);
        int w = scaled.getWidth();
        int h = scaled.getHeight();
        int[] pixels = scaled.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[3 * pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            rgb[3 * i] = (byte) (pixels[i] >> 16);
            rgb[3 * i + 1] = (byte) (pixels[i] >> 8);
            rgb[3 * i + 2] = (byte) pixels[i];
        }
        return new MovieFrame(w, h, rgb);
    }

    /** The pixels as an image, built from them, decoding nothing. */
    public BufferedImage image() {
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | rgb[3 * i + 2] & 0xff;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, pixels, 0, width);
        return image;
    }
}
