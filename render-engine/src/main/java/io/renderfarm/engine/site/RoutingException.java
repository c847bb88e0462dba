package io.renderfarm.engine.site;

/** A job asked for {@code where=remote} and no usable remote site exists; the message says which and why. */
public final class RoutingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RoutingException(String message) {
        super(message);
    }
}
