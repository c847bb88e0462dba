package io.renderfarm.engine.render;

/**
 * Whose fault a failed chunk is, as its renderer's output (or the way the renderer ended) tells it. The job run
 * acts on it: a scene error ends the job at once, a slot error is retried on another slot and counts towards the
 * slot's blocklisting, and an unknown failure is retried once elsewhere and taken for a scene error when it fails
 * the same way there.
 */
public enum FailureKind {
    /** The scene cannot render anywhere: a parse error, a missing include or linked library, a Python error. */
    SCENE,
    /** The slot could not render it: a crash, a kill, out of memory, the renderer missing, a timeout. */
    SLOT,
    /** Nothing in the output says which. */
    UNKNOWN;

    /** The lower-case name used in events and the site protocol. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
