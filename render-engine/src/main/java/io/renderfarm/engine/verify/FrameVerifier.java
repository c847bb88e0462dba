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
 * Checks that a rendered file is a real frame: it exists, is not empty, decodes completely as an image with a
 * positive size. Truncated PNGs fail to decode and are refused. The file is read once: its checksum and the
 * decoded image both come from the same bytes, so what is recorded is what was checked. Stateless.
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
        BufferedImage image;
        try {
            image = decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new InvalidFrameException("frame file " + name + " does not decode as an image: " + e.getMessage());
        }
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new InvalidFrameException("frame file " + name + " does not decode as an image");
        }
        return new DecodedFrame(new VerifiedFrame(image.getWidth(), image.getHeight(), bytes.length, sha256(bytes)),
                image);
    }

    /**
     * Decodes in memory with an explicit reader: {@code ImageIO.read} on a stream would cache through a temporary
     * file unless the JVM-wide {@code ImageIO.setUseCache(false)} is set, which is not ours to set inside Jenkins.
     */
    private static BufferedImage decode(byte[] bytes) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
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
