package io.renderfarm.engine.sample;

import io.renderfarm.engine.frames.FrameSet;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contact sheet of a whole shot: one cell per frame of the shot in frame order, or for a long shot an even
 * sample of {@code maxCells} frames across its range (the first and the last included), each labelled with its
 * frame number; a frame without a thumbnail yet is an empty labelled cell. Only the thumbnails of frames on the
 * sheet are kept. Not thread-safe (the sample worker owns it).
 */
final class ContactSheet {
    static final int MAX_COLUMNS = 8;
    static final int GAP = 4;
    private static final Color BACKGROUND = new Color(0x22, 0x22, 0x22);
    private static final Color EMPTY_CELL = new Color(0x38, 0x38, 0x38);

    private final List<Integer> cells;
    private final Map<Integer, BufferedImage> thumbnails = new HashMap<>();

    ContactSheet(FrameSet shot, int maxCells) {
        this.cells = evenSample(shot, maxCells);
    }

    /** Every frame of the shot when it has at most {@code max}, else {@code max} frames evenly across it. */
    static List<Integer> evenSample(FrameSet shot, int max) {
        int n = shot.size();
        if (n <= max) {
            return List.copyOf(shot.stream().boxed().toList());
        }
        List<Integer> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(shot.get((int) Math.round(i * (n - 1) / (double) (max - 1))));
        }
        return Collections.unmodifiableList(picked);
    }

    List<Integer> cells() {
        return cells;
    }

    /** Keeps the thumbnail when its frame is on the sheet; true if so. */
    boolean put(int frame, BufferedImage thumbnail) {
        if (Collections.binarySearch(cells, frame) < 0) {
            return false;
        }
        thumbnails.put(frame, thumbnail);
        return true;
    }

    boolean isEmpty() {
        return thumbnails.isEmpty();
    }

    /** The newest frame shown, for the sample event. */
    int latestFrame() {
        return thumbnails.keySet().stream().max(Integer::compare).orElse(cells.get(cells.size() - 1));
    }

    BufferedImage compose() {
        int cellW = 1;
        int cellH = 1;
        for (BufferedImage t : thumbnails.values()) {
            cellW = Math.max(cellW, t.getWidth());
            cellH = Math.max(cellH, t.getHeight());
        }
        cellH = Math.max(cellH, FrameLabel.HEIGHT);
        int columns = Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(cells.size()))));
        int rows = (cells.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(
                columns * (cellW + GAP) + GAP, rows * (cellH + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < cells.size(); i++) {
                int x = GAP + (i % columns) * (cellW + GAP);
                int y = GAP + (i / columns) * (cellH + GAP);
                BufferedImage t = thumbnails.get(cells.get(i));
                if (t == null) {
                    g.setColor(EMPTY_CELL);
                    g.fillRect(x, y, cellW, cellH);
                } else {
                    g.drawImage(t, x, y, null);
                }
                FrameLabel.draw(g, cells.get(i), x, y + cellH);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
