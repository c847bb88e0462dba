package io.renderfarm.engine.schedule;

/** Where one frame of a job is. */
public enum FrameStatus {
    PENDING,
    RENDERING,
    DONE,
    FAILED
}
