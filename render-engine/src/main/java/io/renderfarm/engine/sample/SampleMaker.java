package io.renderfarm.engine.sample;

import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.store.FrameStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Makes the samples a client sees while a job renders: a thumbnail of every finished frame and a contact sheet
 * of the latest ones, put into the job's {@link FrameStore} as samples. A sample that cannot be made is skipped,
 * never failing the frame it shows (CGRU users learned thumbnails break often). Thread-safe.
 */
public final class SampleMaker {
    /** Width of thumbnails in pixels; the height keeps the frame's aspect. */
    public static final int THUMBNAIL_WIDTH = 160;
    /** How many of the latest thumbnails the contact sheet shows. */
    public static final int CONTACT_SHEET_SIZE = 16;
    private static final long CONTACT_SHEET_INTERVAL_NANOS = 1_000_000_000L;

    private final FrameStore store;
    private final Deque<Thumbnail> latest = new ArrayDeque<>();
    private long lastSheetNanos;

    /** Paths of the samples made for one frame; either may be null when it was not made this time. */
    public record Thumbnails(String thumbnail, String contactSheet) {
    }

    public SampleMaker(FrameStore store) {
        this.store = store;
    }

    /** The sample name of a preview render of a frame. */
    public String previewName(OutputNaming naming, int frame) {
        return "preview_" + naming.fileName(frame);
    }

    /** The sample name of the thumbnail of a finished frame. */
    public String thumbnailName(OutputNaming naming, int frame) {
        return "thumb_" + naming.fileName(frame);
    }

    public static final String CONTACT_SHEET_NAME = "contact-sheet.png";

    /**
     * Makes the thumbnail of a verified frame from its decoded image (the intake decodes each frame once) and, at
     * most once a second, the contact sheet.
     */
    public Thumbnails thumbnailOf(OutputNaming naming, int frame, BufferedImage image) {
        try {
            BufferedImage small = Images.scaleToWidth(image, THUMBNAIL_WIDTH);
            String thumbPath = putImage(thumbnailName(naming, frame), small);
            String sheetPath = updateContactSheet(new Thumbnail(frame, small));
            return new Thumbnails(thumbPath, sheetPath);
        } catch (IOException | RuntimeException e) {
            return new Thumbnails(null, null);
        }
    }

    /**
     * Stores a thumbnail made where the frame was rendered ({@link ThumbnailImage}) and, at most once a second,
     * the contact sheet, composed from the thumbnails' pixels: nothing is decoded here.
     */
    public Thumbnails thumbnailOf(OutputNaming naming, int frame, ThumbnailImage thumbnail) {
        try {
            String thumbPath = store.putSample(thumbnailName(naming, frame), thumbnail.png());
            String sheetPath = updateContactSheet(new Thumbnail(frame, thumbnail.image()));
            return new Thumbnails(thumbPath, sheetPath);
        } catch (IOException | RuntimeException e) {
            return new Thumbnails(null, null);
        }
    }

    private synchronized String updateContactSheet(Thumbnail thumbnail) throws IOException {
        latest.addLast(thumbnail);
        while (latest.size() > CONTACT_SHEET_SIZE) {
            latest.removeFirst();
        }
        long now = System.nanoTime();
        if (lastSheetNanos != 0 && now - lastSheetNanos < CONTACT_SHEET_INTERVAL_NANOS) {
            return null;
        }
        lastSheetNanos = now;
        return putImage(CONTACT_SHEET_NAME, ContactSheet.compose(latest));
    }

    private String putImage(String name, BufferedImage image) throws IOException {
        return store.putSample(name, Images.encodePng(image));
    }

    /** A thumbnail and the frame it shows. */
    record Thumbnail(int frame, BufferedImage image) {
    }
}
