package io.renderfarm.engine.schedule;

import io.renderfarm.engine.render.SceneOutput;
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
     * The renderer described the scene's output (its frame rate, for the preview movie). Farms that cannot pass it
     * on need not call it: the movie then plays at {@link SceneOutput#DEFAULT_FPS}.
     */
    default void sceneOutput(SceneOutput output) {
    }

    /** The chunk ended: {@code failure} is null on success, else a one-line reason. */
    void finished(String failure);
}
