package io.renderfarm.engine.sample;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Collection;

/** Lays thumbnails out in a grid, oldest first, four to a row, on a dark background. */
final class ContactSheet {
    static final int COLUMNS = 4;
    static final int GAP = 4;

    private ContactSheet() {
    }

    static BufferedImage compose(Collection<SampleMaker.Thumbnail> thumbnails) {
        int cellW = 1;
        int cellH = 1;
        for (SampleMaker.Thumbnail t : thumbnails) {
            cellW = Math.max(cellW, t.image().getWidth());
            cellH = Math.max(cellH, t.image().getHeight());
        }
        int columns = Math.max(1, Math.min(COLUMNS, thumbnails.size()));
        int rows = Math.max(1, (thumbnails.size() + columns - 1) / columns);
        BufferedImage sheet = new BufferedImage(columns * (cellW + GAP) + GAP, rows * (cellH + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(0x22, 0x22, 0x22));
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            int i = 0;
            for (SampleMaker.Thumbnail t : thumbnails) {
                int x = GAP + (i % columns) * (cellW + GAP);
                int y = GAP + (i / columns) * (cellH + GAP);
                g.drawImage(t.image(), x, y, null);
                i++;
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
