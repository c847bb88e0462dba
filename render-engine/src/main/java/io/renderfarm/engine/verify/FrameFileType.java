package io.renderfarm.engine.verify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The image file types frames are verified in, with the extension a stored frame gets and the media type hosts
 * serve it as. A file's type is told from its first bytes ({@link #sniff}), never from its name, so a name cannot
 * make a file pass as something it is not; TGA has no magic number and is recognised by a plausible header.
 */
public enum FrameFileType {
    PNG("png", "image/png"),
    JPEG("jpg", "image/jpeg"),
    TIFF("tif", "image/tiff"),
    BMP("bmp", "image/bmp"),
    EXR("exr", "image/x-exr"),
    TGA("tga", "image/x-tga");

    private final String extension;
    private final String mediaType;

    FrameFileType(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The extension without its dot, as stored frame names end. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type the file's first bytes announce; empty when none does. */
    public static Optional<FrameFileType> sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0xff, 0xd8, 0xff)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, 'B', 'M')) {
            return Optional.of(BMP);
        }
        if (ExrChecker.looksLikeExr(head)) {
            return Optional.of(EXR);
        }
        return TgaImage.plausibleHeader(head) ? Optional.of(TGA) : Optional.empty();
    }

    /**
     * The media type of a stored frame or sample file by its name's extension ({@code video/mp4} for the preview
     * movie), {@code application/octet-stream} for anything else; for hosts serving stored files.
     */
    public static String mediaTypeOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".mp4")) {
            return "video/mp4";
        }
        return Arrays.stream(values())
                .filter(t -> lower.endsWith("." + t.extension))
                .findFirst()
                .map(FrameFileType::mediaType)
                .orElse("application/octet-stream");
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
