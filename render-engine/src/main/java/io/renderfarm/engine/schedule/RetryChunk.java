package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import java.util.Set;

/**
 * Frames of a failed chunk waiting to be rendered again: the next attempt number and the slots it already
 * failed on, which are avoided while another capable slot exists.
 */
record RetryChunk(FrameSet frames, boolean preview, int attempt, Set<String> failedOn) {
}
