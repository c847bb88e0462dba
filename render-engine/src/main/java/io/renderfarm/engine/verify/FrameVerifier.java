package io.renderfarm.engine.verify;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * Checks that a rendered file is a real frame: it exists, is not empty, decodes completely as an image with a
 * positive size. Truncated PNGs fail to decode and are refused. Stateless.
 */
public final class FrameVerifier {
    static {
        ImageIO.setUseCache(false);
    }

    public VerifiedFrame verify(Path file) throws InvalidFrameException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidFrameException("frame file " + file.getFileName() + " does not exist");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new InvalidFrameException("frame file " + file.getFileName() + " is empty");
            }
            BufferedImage image;
            try {
                image = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw new InvalidFrameException("frame file " + file.getFileName() + " does not decode as an image: " + e.getMessage());
            }
            if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
                throw new InvalidFrameException("frame file " + file.getFileName() + " does not decode as an image");
            }
            return new VerifiedFrame(image.getWidth(), image.getHeight(), size, sha256(file));
        } catch (IOException e) {
            throw new InvalidFrameException("frame file " + file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** SHA-256 of a stream read to its end (not closed), lower-case hex; for frames that are not local files. */
    public static String sha256(InputStream stream) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        new DigestInputStream(stream, digest).transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }
}
