package io.renderfarm.engine.sample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;

/**
 * What the samples of a final frame are made from, made where the frame was rendered so the host storing it
 * decodes nothing: the thumbnail (also a contact sheet cell) and the preview movie's frame. Either may be null
 * (a thumbnail the frame's shape allows none of; no movie frame when none is wanted).
 */
public record FrameSamples(ThumbnailImage thumbnail, MovieFrame movieFrame) implements Serializable {
    /**
     * The samples of a decoded frame (or of an OpenEXR frame's proxy); {@code movieFrame} whether to make the movie's
     * frame too. Never throws: a sample is never worth a frame, so what cannot be made is left out.
     */
    public static FrameSamples of(BufferedImage image, boolean movieFrame) {
        ThumbnailImage thumbnail = null;
        try {
            thumbnail = ThumbnailImage.of(image);
        } catch (IOException | RuntimeException skipped) {
            // no thumbnail; the movie frame may still be made
        }
        MovieFrame movie = null;
        if (movieFrame) {
            try {
                movie = MovieFrame.of(image);
            } catch (RuntimeException skipped) {
                // no movie frame
            }
        }
        return new FrameSamples(thumbnail, movie);
    }

    public boolean isEmpty() {
        return thumbnail == null && movieFrame == null;
    }
}
