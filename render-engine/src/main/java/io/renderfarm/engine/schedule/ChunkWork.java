package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Quality;

/**
 * One chunk handed to a render slot: which job, which frames (an arithmetic progression), at which quality,
 * and which attempt this is.
 */
public record ChunkWork(int chunkId, RenderJob job, FrameSet frames, Quality quality, int attempt) {
    public boolean isPreview() {
        return quality.preview();
    }
}
