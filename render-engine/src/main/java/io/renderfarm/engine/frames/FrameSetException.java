package io.renderfarm.engine.frames;

/** A frame specification that cannot be parsed or is out of bounds; the message names the bad part. */
public final class FrameSetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FrameSetException(String message) {
        super(message);
    }
}
