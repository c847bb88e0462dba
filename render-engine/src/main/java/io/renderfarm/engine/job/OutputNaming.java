package io.renderfarm.engine.job;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * How frames are named in the store: {@code <prefix><frame zero-padded to padding digits>.<extension>},
 * for example {@code shot_0007.png}. The prefix may hold letters, digits, {@code _ - .} only, so a name can
 * never leave its folder.
 */
public record OutputNaming(String prefix, int padding, String extension) implements Serializable {
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");

    public static final OutputNaming DEFAULT = new OutputNaming("frame_", 4, "png");

    public OutputNaming {
        if (prefix == null || !SAFE_PREFIX.matcher(prefix).matches() || prefix.startsWith(".")) {
            throw new IllegalArgumentException("output prefix '" + prefix
                    + "' may hold only letters, digits, '_', '-' and '.', at most 64, and not start with '.'");
        }
        if (padding < 1 || padding > 9) {
            throw new IllegalArgumentException("frame padding must be 1..9 digits, got " + padding);
        }
        if (!"png".equals(extension)) {
            throw new IllegalArgumentException("only png output is supported, got '" + extension + "'");
        }
    }

    public static OutputNaming withPrefix(String prefix) {
        return new OutputNaming(prefix, 4, "png");
    }

    /** The file name of one frame. */
    public String fileName(int frame) {
        String digits = Integer.toString(frame);
        StringBuilder name = new StringBuilder(prefix);
        for (int i = digits.length(); i < padding; i++) {
            name.append('0');
        }
        return name.append(digits).append('.').append(extension).toString();
    }
}
