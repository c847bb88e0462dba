package io.renderfarm.engine.job;

import java.io.Serializable;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How frames are named in the store: {@code <prefix><frame zero-padded>.<extension of the frame's real format>},
 * for example {@code shot_0007.exr}. The prefix may hold letters, digits, {@code _ - .} only, so a name can never
 * leave its folder.
 *
 * <p>{@code padding} 0 keeps the renderer's: for Blender the number of {@code #} in the scene's output path (4 when
 * it has none, as Blender itself does), for POV-Ray 4. {@code extension} is informational: a frame's file always
 * ends with the extension of the format it was really written in (see {@link #fileName}), so a name never lies
 * about its content; empty by default, any of {@link #EXTENSIONS} is accepted from older clients.
 */
public record OutputNaming(String prefix, int padding, String extension) implements Serializable {
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");
    /** Extensions of the formats frames are verified in. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "tif", "exr", "tga", "bmp");

    public static final OutputNaming DEFAULT = new OutputNaming("frame_", 0, "");

    public OutputNaming {
        if (prefix == null || !SAFE_PREFIX.matcher(prefix).matches() || prefix.startsWith(".")) {
            throw new IllegalArgumentException("output prefix '" + prefix
                    + "' may hold only letters, digits, '_', '-' and '.', at most 64, and not start with '.'");
        }
        if (padding < 0 || padding > 9) {
            throw new IllegalArgumentException(
                    "frame padding must be 1..9 digits, or 0 for the scene's, got " + padding);
        }
        extension = extension == null ? "" : extension;
        if (!extension.isEmpty() && !EXTENSIONS.contains(extension)) {
            throw new IllegalArgumentException("output extension '" + extension + "' is not one of " + EXTENSIONS
                    + " (frames keep their real format's extension anyway; leave it out)");
        }
    }

    /** Names with this prefix, the scene's padding and the real format's extension. */
    public static OutputNaming withPrefix(String prefix) {
        return new OutputNaming(prefix, 0, "");
    }

    /**
     * The file name of one frame.
     *
     * @param extension     the extension of the format the frame was really written in ({@code exr})
     * @param scenePadding  the padding the renderer used, for {@code padding} 0
     */
    public String fileName(int frame, String extension, int scenePadding) {
        int digitsWanted = padding > 0 ? padding : Math.max(1, scenePadding);
        String digits = Integer.toString(frame);
        StringBuilder name = new StringBuilder(prefix);
        for (int i = digits.length(); i < digitsWanted; i++) {
            name.append('0');
        }
        return name.append(digits).append('.').append(extension).toString();
    }

    /** The name of a frame's 8-bit PNG sample (thumbnail, preview): the frame's name with {@code png}. */
    public String sampleName(int frame, int scenePadding) {
        return fileName(frame, "png", scenePadding);
    }
}
