package io.renderfarm.engine.schedule;

import io.renderfarm.engine.sample.ThumbnailImage;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.Serializable;

/**
 * What checking a rendered frame where it was rendered found ({@link FrameCheck}): the verified frame (its size
 * and SHA-256, which the bytes stored elsewhere must match) and, for a final-quality frame, its thumbnail (null
 * when none could be made; a thumbnail never fails its frame). Serializable, to go from a render host to the host
 * that stores the frame.
 */
public record CheckedFrame(VerifiedFrame verified, ThumbnailImage thumbnail) implements Serializable {
    public CheckedFrame {
        if (verified == null) {
            throw new IllegalArgumentException("a checked frame needs its verification");
        }
    }
}
