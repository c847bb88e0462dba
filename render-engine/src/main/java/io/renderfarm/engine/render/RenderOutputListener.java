package io.renderfarm.engine.render;

import java.nio.file.Path;

/** What a renderer's output parser reports while the renderer runs. Called on the output-reading thread. */
public interface RenderOutputListener {
    /** The renderer began a frame. */
    void frameStarted(int frame);

    /** Progress within a frame, {@code fraction} in 0..1 (Cycles samples, POV-Ray lines). */
    void progress(int frame, double fraction);

    /** The renderer says it wrote this frame to this file (not yet verified). */
    void frameSaved(int frame, Path file);

    /** The renderer described the scene's output (Blender, before its first frame). */
    default void sceneOutput(SceneOutput output) {}

    /** A line the renderer marked as an error, kept for the failure message. */
    default void error(String message) {}

    /**
     * A line (or lines) the adapter recognises as the cause of a failure: a {@link FailureKind#SCENE} error the
     * scene would hit on any slot, or a {@link FailureKind#SLOT} error of this machine. {@code message} is the
     * renderer's own words.
     */
    default void failure(FailureKind kind, String message) {}
}
