package io.renderfarm.engine.farm;

import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.Serializable;

/**
 * What checking a rendered frame where it was rendered found ({@link FrameCheck}): the verified frame (its size
 * and SHA-256, which the bytes stored elsewhere must match), its real file type (whose extension the stored frame
 * gets), the name the renderer gave the file (which tells the renderer's frame-number padding; a name only, never
 * opened) and, for a final-quality frame, its samples (null when none were made here: a preview, or an OpenEXR
 * frame whose samples follow through {@link ChunkListener#frameSamples}; samples never fail their frame).
 * Serializable, to go from a render host to the host that stores the frame.
 */
public record CheckedFrame(VerifiedFrame verified, FrameFileType type, String renderedName, FrameSamples samples)
        implements Serializable {
    private static final int MAX_NAME = 255;

    public CheckedFrame {
        if (verified == null || type == null) {
            throw new IllegalArgumentException("a checked frame needs its verification and file type");
        }
        if (renderedName == null
                || renderedName.isBlank()
                || renderedName.length() > MAX_NAME
                || renderedName.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20)
                || renderedName.equals(".")
                || renderedName.equals("..")) {
            throw new IllegalArgumentException(
                    "a rendered file's name is a plain file name of 1 to " + MAX_NAME + " characters");
        }
    }
}
