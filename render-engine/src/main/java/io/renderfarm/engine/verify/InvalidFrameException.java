package io.renderfarm.engine.verify;

/** A rendered file that is missing, empty, or not a decodable image; the message says which. */
public final class InvalidFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidFrameException(String message) {
        super(message);
    }
}
