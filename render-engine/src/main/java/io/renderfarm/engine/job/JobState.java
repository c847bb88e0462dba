package io.renderfarm.engine.job;

/** Where a job is in its life. SUCCEEDED, FAILED and CANCELED are final. */
public enum JobState {
    QUEUED,
    RUNNING,
    AWAITING_APPROVAL,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
