package io.renderfarm.engine.schedule;

import java.nio.file.Path;

/**
 * What a {@link RenderFarm} reports about one running chunk. May be called from any thread; the job run
 * serialises the calls onto its own thread. After {@link #finished} no further call is made.
 */
public interface ChunkListener {
    /**
     * The renderer really started (a queued chunk left the queue). The max-time and stall timers count from here;
     * farms that start chunks at once need not call it.
     */
    default void started() {
    }

    /** Progress of a frame, {@code fraction} 0..1; also a sign of life for the stall timeout. */
    void progress(int frame, double fraction);

    /**
     * The renderer wrote a frame. The file is readable by the job run until {@link #finished} returns, which
     * verifies and stores it.
     */
    void frameRendered(int frame, Path file);

    /**
     * A line of the renderer's output, as it prints it, for the chunk's log; called on the thread reading the
     * renderer, in order. Farms whose renderer runs elsewhere may instead attach the captured output to
     * {@link ChunkEnd#log()}.
     */
    default void output(String line) {
    }

    /** The chunk ended: {@code failure} is null on success, else a one-line reason whose cause is not known. */
    void finished(String failure);

    /**
     * The chunk ended, with whose fault a failure is ({@link ChunkEnd#kind()}), the frame and the renderer's exit.
     * Farms that know call this instead of {@link #finished(String)}; the default passes the reason on.
     */
    default void finished(ChunkEnd end) {
        finished(end.failure());
    }
}
