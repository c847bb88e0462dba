package io.renderfarm.engine.render;

/**
 * Reads one renderer process's output line by line and reports frames started, progress and saved files.
 * A parser keeps state across lines (the current frame), so each process gets a fresh one.
 */
public interface OutputParser {
    void accept(String line, RenderOutputListener listener);

    /** Called once after the process exited, for renderers that only say a frame is done by moving on. */
    default void finish(int exitCode, RenderOutputListener listener) {}
}
