package io.renderfarm.engine.farm;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Quality;

/**
 * One chunk handed to a render slot: which job, which frames (an arithmetic progression), at which quality,
 * and which attempt this is.
 *
 * @param tail no other frame of the job waits to be handed out after this chunk, so slots that finish will stay
 *             idle: a farm whose slots share a machine may give this chunk more of the machine's cores
 */
public record ChunkWork(int chunkId, RenderJob job, FrameSet frames, Quality quality, int attempt, boolean tail) {
    /** A chunk that is not the job's tail. */
    public ChunkWork(int chunkId, RenderJob job, FrameSet frames, Quality quality, int attempt) {
        this(chunkId, job, frames, quality, attempt, false);
    }

    public boolean isPreview() {
        return quality.preview();
    }
}
