package io.renderfarm.engine.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a POV-Ray scene's {@code // renderfarm:} header asks for: POV-Ray takes image size and antialiasing from its
 * command line, not from the scene, so {@link PovRayRenderer} reads them from this header among the scene's first
 * {@value #HEADER_LINES} lines ({@code // renderfarm: width=640 height=480 antialias=0.3}). Every key is optional;
 * unknown keys are refused.
 *
 * @param width     image width in pixels
 * @param height    image height in pixels
 * @param antialias the antialiasing threshold, empty for none
 */
public record PovRaySceneSettings(int width, int height, Optional<BigDecimal> antialias) {
    /** How far down the scene the {@code // renderfarm:} header may be. */
    public static final int HEADER_LINES = 100;

    public static final int DEFAULT_WIDTH = 320;
    public static final int DEFAULT_HEIGHT = 240;
    private static final Pattern HEADER = Pattern.compile("^\\s*//\\s*renderfarm:(.*)$");
    private static final int MAX_SIZE = 32768;

    /**
     * The settings of a scene file; defaults when it has no header.
     *
     * @throws IllegalArgumentException when the header is malformed
     */
    public static PovRaySceneSettings read(Path scene) throws IOException {
        // Latin-1 never fails to decode, and the header itself is ASCII.
        try (BufferedReader in = Files.newBufferedReader(scene, StandardCharsets.ISO_8859_1)) {
            String line;
            for (int i = 0; i < HEADER_LINES && (line = in.readLine()) != null; i++) {
                Matcher header = HEADER.matcher(line);
                if (header.matches()) {
                    return parse(header.group(1));
                }
            }
        }
        return new PovRaySceneSettings(DEFAULT_WIDTH, DEFAULT_HEIGHT, Optional.empty());
    }

    /** Parses the text after {@code renderfarm:}, such as {@code width=640 height=480 antialias=0.3}. */
    public static PovRaySceneSettings parse(String header) {
        int width = DEFAULT_WIDTH;
        int height = DEFAULT_HEIGHT;
        Optional<BigDecimal> antialias = Optional.empty();
        for (String setting : header.strip().split("\\s+")) {
            if (setting.isEmpty()) {
                continue;
            }
            int eq = setting.indexOf('=');
            String key = eq < 0 ? setting : setting.substring(0, eq);
            String value = eq < 0 ? "" : setting.substring(eq + 1);
            switch (key) {
                case "width" -> width = size(key, value);
                case "height" -> height = size(key, value);
                case "antialias" -> antialias = Optional.of(threshold(value));
                default ->
                    throw new IllegalArgumentException(
                            "unknown renderfarm header setting '" + setting + "': known are width, height, antialias");
            }
        }
        return new PovRaySceneSettings(width, height, antialias);
    }

    private static int size(String key, String value) {
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "renderfarm header " + key + " must be 1.." + MAX_SIZE + " pixels, got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static BigDecimal threshold(String value) {
        if (!value.matches("\\d{1,3}(\\.\\d{1,6})?")) {
            throw new IllegalArgumentException(
                    "renderfarm header antialias must be a threshold like 0.3, got '" + value + "'");
        }
        BigDecimal threshold = new BigDecimal(value);
        if (threshold.compareTo(BigDecimal.valueOf(3)) > 0) {
            throw new IllegalArgumentException("renderfarm header antialias must be 0..3, got '" + value + "'");
        }
        return threshold;
    }
}
