package io.renderfarm.engine.verify;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes Truevision TGA files, which the JDK cannot read: true-colour (24 and 32 bits) and grey (8 bits),
 * uncompressed or run-length encoded, as POV-Ray ({@code +FT}, {@code +FC}) and Blender ({@code TARGA},
 * {@code TARGA_RAW}) write them. The pixel data must be complete and the file must end right after it, or with a
 * TGA 2.0 footer. Colour-mapped and 16-bit files are refused (no renderer of the farm writes them). Stateless.
 */
final class TgaImage {
    private static final int HEADER = 18;
    private static final byte[] FOOTER = "TRUEVISION-XFILE.\0".getBytes(StandardCharsets.ISO_8859_1);

    private TgaImage() {}

    /** Whether the first 18 bytes can be a TGA header of a kind some writer produces. */
    static boolean plausibleHeader(byte[] b) {
        if (b.length < HEADER) {
            return false;
        }
        int mapType = b[1] & 0xff;
        int type = b[2] & 0xff;
        int depth = b[16] & 0xff;
        return (mapType == 0 || mapType == 1)
                && Arrays.asList(1, 2, 3, 9, 10, 11).contains(type)
                && u16(b, 12) > 0
                && u16(b, 14) > 0
                && Arrays.asList(8, 15, 16, 24, 32).contains(depth);
    }

    static BufferedImage read(byte[] b) throws InvalidFrameException {
        if (!plausibleHeader(b)) {
            throw new InvalidFrameException("is not a TGA file (no valid header)");
        }
        int type = b[2] & 0xff;
        int depth = b[16] & 0xff;
        boolean grey = type == 3 || type == 11;
        if (type == 1 || type == 9 || (grey ? depth != 8 : depth != 24 && depth != 32)) {
            throw new InvalidFrameException("is a " + depth + "-bit " + (type % 8 == 1 ? "colour-mapped " : "")
                    + "TGA file, which the farm does not read (24/32-bit colour or 8-bit grey only)");
        }
        int width = u16(b, 12);
        int height = u16(b, 14);
        int pixelBytes = depth / 8;
        int mapBytes = (b[1] & 0xff) == 1 ? u16(b, 5) * ((b[7] & 0xff) + 7) / 8 : 0;
        int at = HEADER + (b[0] & 0xff) + mapBytes;
        long needed = (long) width * height * pixelBytes;
        byte[] pixels;
        if (type >= 9) {
            pixels = new byte[(int) Math.min(needed, Integer.MAX_VALUE - 8)];
            at = unpack(b, at, pixels, pixelBytes);
        } else {
            if (at + needed > b.length) {
                throw new InvalidFrameException("ends after " + b.length + " bytes; its " + width + "x" + height
                        + " pixels need " + (at + needed) + " (truncated?)");
            }
            pixels = Arrays.copyOfRange(b, at, at + (int) needed);
            at += (int) needed;
        }
        if (at != b.length && !endsWithFooter(b, at)) {
            throw new InvalidFrameException("goes on for " + (b.length - at) + " bytes after its pixels");
        }
        return image(pixels, width, height, pixelBytes, (b[17] & 0x20) != 0);
    }

    private static int unpack(byte[] b, int at, byte[] out, int pixelBytes) throws InvalidFrameException {
        int filled = 0;
        while (filled < out.length) {
            if (at >= b.length) {
                throw new InvalidFrameException("run-length data ends after " + filled / pixelBytes + " of "
                        + out.length / pixelBytes + " pixels (truncated?)");
            }
            int packet = b[at++] & 0xff;
            int count = (packet & 0x7f) + 1;
            int bytes = count * pixelBytes;
            if (filled + bytes > out.length) {
                throw new InvalidFrameException("run-length data runs past the image's last pixel");
            }
            if ((packet & 0x80) != 0) {
                if (at + pixelBytes > b.length) {
                    throw new InvalidFrameException("run-length data ends inside a packet (truncated?)");
                }
                for (int i = 0; i < count; i++) {
                    System.arraycopy(b, at, out, filled + i * pixelBytes, pixelBytes);
                }
                at += pixelBytes;
            } else {
                if (at + bytes > b.length) {
                    throw new InvalidFrameException("run-length data ends inside a packet (truncated?)");
                }
                System.arraycopy(b, at, out, filled, bytes);
                at += bytes;
            }
            filled += bytes;
        }
        return at;
    }

    private static boolean endsWithFooter(byte[] b, int pixelsEnd) {
        int footerAt = b.length - FOOTER.length;
        return footerAt - 8 >= pixelsEnd && Arrays.equals(b, footerAt, b.length, FOOTER, 0, FOOTER.length);
    }

    private static BufferedImage image(byte[] pixels, int width, int height, int pixelBytes, boolean topDown) {
        BufferedImage image = new BufferedImage(
                width, height, pixelBytes == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int base = y * width * pixelBytes;
            for (int x = 0; x < width; x++) {
                int p = base + x * pixelBytes;
                int blue = pixels[p] & 0xff;
                row[x] = pixelBytes == 1
                        ? 0xff000000 | blue * 0x010101
                        : (pixelBytes == 4 ? (pixels[p + 3] & 0xff) << 24 : 0xff000000)
                                | (pixels[p + 2] & 0xff) << 16
                                | (pixels[p + 1] & 0xff) << 8
                                | blue;
            }
            image.setRGB(0, topDown ? y : height - 1 - y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
