package io.renderfarm.engine.sample;

import java.awt.Color;
import java.awt.Graphics2D;

/**
 * Draws a frame number with a built-in 3x5 pixel font, so labels need no system font: a headless server JDK
 * without fontconfig cannot draw text with {@code drawString}.
 */
final class FrameLabel {
    private static final String[] GLYPHS = {
        "111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001",
        "111100111001111", "111100111101111", "111001001001001", "111101111101111", "111101111001111"
    };
    private static final String MINUS = "000000111000000";
    static final int SCALE = 2;
    static final int HEIGHT = 5 * SCALE + 4;

    private FrameLabel() {}

    /** Draws {@code frame} in white on a dark strip whose bottom-left corner is at ({@code x}, {@code y}). */
    static void draw(Graphics2D g, int frame, int x, int y) {
        String text = Integer.toString(frame);
        int width = text.length() * 4 * SCALE + 2 * SCALE;
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(x, y - HEIGHT, width, HEIGHT);
        g.setColor(Color.WHITE);
        int left = x + 2 * SCALE;
        for (char c : text.toCharArray()) {
            String glyph = c == '-' ? MINUS : GLYPHS[c - '0'];
            for (int i = 0; i < glyph.length(); i++) {
                if (glyph.charAt(i) == '1') {
                    g.fillRect(left + (i % 3) * SCALE, y - HEIGHT + 2 + (i / 3) * SCALE, SCALE, SCALE);
                }
            }
            left += 4 * SCALE;
        }
    }
}
