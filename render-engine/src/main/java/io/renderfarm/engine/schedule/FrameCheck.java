package io.renderfarm.engine.schedule;

import io.renderfarm.engine.sample.ThumbnailImage;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The half of taking a frame in that needs the image, run where the frame was rendered (a Jenkins agent): the
 * {@link FrameVerifier}'s check (decodes completely, SHA-256 of the bytes checked) and, for a final-quality frame,
 * the thumbnail. The host storing the frame then only streams and compares bytes ({@code FrameReceiver}), so its
 * cost does not grow with image size or format. Stateless.
 */
public final class FrameCheck {
    private final FrameVerifier verifier = new FrameVerifier();

    /** Checks {@code file}; previews get no thumbnail (the preview itself is the sample). */
    public CheckedFrame check(Path file, boolean preview) throws InvalidFrameException {
        DecodedFrame decoded = verifier.verifyAndDecode(file);
        ThumbnailImage thumbnail = null;
        if (!preview) {
            try {
                thumbnail = ThumbnailImage.of(decoded.image());
            } catch (IOException | RuntimeException e) {
                // A sample that cannot be made is skipped, never failing the frame it shows.
            }
        }
        return new CheckedFrame(decoded.verified(), thumbnail);
    }
}
