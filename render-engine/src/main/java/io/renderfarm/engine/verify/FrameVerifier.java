package io.renderfarm.engine.verify;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks that a rendered file is a real frame: it exists, is not empty, and is a complete image of a known type
 * ({@link FrameFileType}, told from its first bytes) with a positive size. PNG files must have every chunk's CRC
 * right and end with IEND, then decode; JPEG, TIFF and BMP must decode through ImageIO without a warning (JPEG also
 * ending with its end marker); TGA must decode completely; OpenEXR files get the structural check of
 * {@link ExrChecker}. So truncated, zero-filled or damaged files are refused with the reason. The file is read
 * once: its checksum, the check and the decoded image all come from the same bytes, so what is recorded is what
 * was checked. Stateless.
 */
public final class FrameVerifier {

    public VerifiedFrame verify(Path file) throws InvalidFrameException {
        return verifyAndDecode(file).verified();
    }

    /** Like {@link #verify(Path)}, also handing back the decoded image (for thumbnails). */
    public DecodedFrame verifyAndDecode(Path file) throws InvalidFrameException {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidFrameException("frame file " + name + " does not exist");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new InvalidFrameException("frame file " + name + " does not exist");
            }
            throw new InvalidFrameException("frame file " + name + " cannot be read: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new InvalidFrameException("frame file " + name + " is too large to check in this JVM's heap");
        }
        if (bytes.length == 0) {
            throw new InvalidFrameException("frame file " + name + " is empty");
        }
        FrameFileType type = FrameFileType.sniff(bytes)
                .orElseThrow(() -> new InvalidFrameException("frame file " + name
                        + " is not an image of a known type (PNG, JPEG, TIFF, BMP, OpenEXR, TGA)"));
        try {
            return switch (type) {
                case EXR -> {
                    ExrChecker.ExrInfo exr = ExrChecker.check(bytes);
                    yield new DecodedFrame(
                            new VerifiedFrame(exr.width(), exr.height(), bytes.length, sha256(bytes)),
                            type,
                            null,
                            exr,
                            bytes);
                }
                case TGA -> decoded(bytes, type, TgaImage.read(bytes));
                default -> {
                    if (type == FrameFileType.PNG) {
                        PngChunks.check(bytes);
                    }
                    if (type == FrameFileType.JPEG && !endsWithJpegEnd(bytes)) {
                        throw new InvalidFrameException("does not end with the JPEG end marker (truncated?)");
                    }
                    yield decoded(bytes, type, decodeOrRefuse(bytes, type != FrameFileType.PNG));
                }
            };
        } catch (InvalidFrameException e) {
            throw new InvalidFrameException("frame file " + name + " (" + type.name() + ") " + e.getMessage());
        }
    }

    private static DecodedFrame decoded(byte[] bytes, FrameFileType type, BufferedImage image)
            throws InvalidFrameException {
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new InvalidFrameException("does not decode as an image");
        }
        return new DecodedFrame(
                new VerifiedFrame(image.getWidth(), image.getHeight(), bytes.length, sha256(bytes)),
                type,
                image,
                null,
                bytes);
    }

    private static BufferedImage decodeOrRefuse(byte[] bytes, boolean warningsFail) throws InvalidFrameException {
        try {
            return decode(bytes, warningsFail);
        } catch (IOException | RuntimeException e) {
            throw new InvalidFrameException("does not decode as an image: " + e.getMessage());
        }
    }

    /** JPEG files end with EOI ({@code FF D9}); a cut-off file decodes with grey rows and only a warning. */
    private static boolean endsWithJpegEnd(byte[] bytes) {
        return bytes.length >= 4
                && (bytes[bytes.length - 2] & 0xff) == 0xff
                && (bytes[bytes.length - 1] & 0xff) == 0xd9;
    }

    /**
     * Decodes in memory with an explicit reader: {@code ImageIO.read} on a stream would cache through a temporary
     * file unless the JVM-wide {@code ImageIO.setUseCache(false)} is set, which is not ours to set inside Jenkins.
     */
    private static BufferedImage decode(byte[] bytes, boolean warningsFail) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (warningsFail) {
                    // A reader that only warns (corrupt JPEG data, a short TIFF strip) still hands back an image;
                    // PNG has its CRCs checked instead, and its reader warns about harmless ancillary chunks.
                    reader.addIIOReadWarningListener((source, warning) -> {
                        throw new IllegalStateException(warning);
                    });
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** SHA-256 of bytes in memory, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** SHA-256 of a stream read to its end (not closed), lower-case hex; for frames that are not local files. */
    public static String sha256(InputStream stream) throws IOException {
        MessageDigest digest = newDigest();
        new DigestInputStream(stream, digest).transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest, for hashing bytes while they are copied elsewhere. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
