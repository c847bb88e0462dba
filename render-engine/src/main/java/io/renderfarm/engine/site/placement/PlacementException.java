package io.renderfarm.engine.site.placement;

/** A job asked for {@code where=remote} and no usable remote site exists; the message says which and why. */
public final class PlacementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlacementException(String message) {
        super(message);
    }
}
