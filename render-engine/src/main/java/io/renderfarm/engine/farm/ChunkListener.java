package io.renderfarm.engine.farm;

import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.store.FrameSource;
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
    default void started() {}

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

    /**
     * A line of the renderer's output, as it prints it, for the chunk's log; called on the thread reading the
     * renderer, in order. Farms whose renderer runs elsewhere may instead attach the captured output to
     * {@link ChunkEnd#log()}.
     */
    default void output(String line) {}

    /**
     * The renderer wrote a frame that was checked on the machine that rendered it ({@link FrameCheck}, on a Jenkins
     * agent): {@code checked} is what that check found, and {@code bytes} opens the file's bytes, which the job run
     * streams into its store, comparing them with that check, before this call returns; the file must stay
     * readable until then. Only a job run takes such frames: the default refuses.
     */
    default void frameChecked(int frame, CheckedFrame checked, FrameSource bytes) {
        throw new UnsupportedOperationException("this listener takes only rendered files");
    }

    /**
     * The renderer wrote a frame that failed its check on the machine that rendered it (missing, empty, does not
     * decode); {@code reason} says which, and becomes the chunk's failure unless the frame arrives intact later.
     * Only a job run takes such reports: the default refuses.
     */
    default void frameRefused(int frame, String reason) {
        throw new UnsupportedOperationException("this listener takes only rendered files");
    }

    /**
     * Samples of a frame already delivered through {@link #frameChecked}, made after it on the machine that
     * rendered it because they took longer than the check (an OpenEXR frame's proxy, made by ffmpeg off the
     * renderer's path). Taken only for a frame the job run stored; the default ignores them.
     */
    default void frameSamples(int frame, FrameSamples samples) {}

    /**
     * The renderer described the scene's output (its frame rate, for the preview movie). Farms that cannot pass it
     * on need not call it: the movie then plays at {@link SceneOutput#DEFAULT_FPS}.
     */
    default void sceneOutput(SceneOutput output) {}

    /** The chunk ended: {@code failure} is null on success, else a one-line reason whose cause is not known. */
    void finished(String failure);

    /**
     * The chunk ended, with whose fault a failure is ({@link ChunkEnd#kind()}), the frame and the renderer's exit.
     * Farms that know call this instead of {@link #finished(String)}; the default passes the reason on.
     */
    default void finished(ChunkEnd end) {
        finished(end.failure());
    }

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
