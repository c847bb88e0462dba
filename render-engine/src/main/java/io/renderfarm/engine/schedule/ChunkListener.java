package io.renderfarm.engine.schedule;

import java.nio.file.Path;

/**
 * What a {@link RenderFarm} reports about one running chunk. May be called from any thread; the job run
 * serialises the calls onto its own thread. After {@link #finished} or {@link #lost} no further call is made.
 */
public interface ChunkListener {
    /**
     * The renderer really started (a queued chunk left the queue). The max-time and stall timers count from here;
     * farms that start chunks at once need not call it.
     */
    default void started() {
    }

    /**
     * The chunk began on {@code machine} (as {@link RenderFarm#machineOf} names machines), after the farm got it
     * ready there: the timers count from here, as for {@link #started()}, and the chunk's failures are booked
     * against that machine. For a chunk queued for whichever machine a cloud provides, this is when that machine
     * becomes known.
     */
    default void startedOn(String machine) {
        started();
    }

    /** Progress of a frame, {@code fraction} 0..1; also a sign of life for the stall timeout. */
    void progress(int frame, double fraction);

    /**
     * The renderer wrote a frame. The file is readable by the job run until {@link #finished} returns, which
     * verifies and stores it.
     */
    void frameRendered(int frame, Path file);

    /** The chunk ended: {@code failure} is null on success, else a one-line reason. */
    void finished(String failure);

    /**
     * The chunk ended because the farm lost its machine (the connection dropped, the host is shutting down), not
     * because the machine failed to render it; {@code reason} says what happened, in one line. Its missing frames
     * are retried as after a failure, but the loss does not count toward blocklisting the machine: one that comes
     * back renders as well as before, and one that does not gets no work while it is gone.
     */
    default void lost(String reason) {
        finished(reason);
    }
}
