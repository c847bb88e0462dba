package io.renderfarm.engine.schedule;

import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import java.util.Set;

/**
 * Frames of a failed chunk waiting to be rendered again: the next attempt number and the machines it already
 * failed on ({@link RenderFarm#machineOf}), which are avoided while another capable one exists.
 */
record RetryChunk(FrameSet frames, boolean preview, int attempt, Set<String> failedOn) {}
