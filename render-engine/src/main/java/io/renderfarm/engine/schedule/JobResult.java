package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;

/**
 * How a job ended.
 *
 * @param state   SUCCEEDED only when every frame is rendered, verified and stored
 * @param done    frames verified and stored (including those skipped because they were already there)
 * @param total   frames in the job
 * @param failed  frames that exhausted their retries (empty unless FAILED)
 * @param reason  one line for FAILED and CANCELED, empty otherwise
 */
public record JobResult(JobState state, int done, int total, FrameSet failed, String reason) {
    public boolean succeeded() {
        return state == JobState.SUCCEEDED;
    }
}
