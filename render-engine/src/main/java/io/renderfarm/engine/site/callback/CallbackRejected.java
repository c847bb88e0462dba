package io.renderfarm.engine.site.callback;

/**
 * A completion notice that failed a check of {@link CallbackSignature#verify}: unsigned, stale, forged or
 * replayed. The message says which, and never contains the key or the expected signature.
 */
public final class CallbackRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallbackRejected(String message) {
        super(message, null, false, false);
    }
}
