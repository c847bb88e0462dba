package io.renderfarm.engine.capability;

/** Whether a render slot can take work now. */
public enum SlotStatus {
    IDLE,
    BUSY,
    OFFLINE,
    /**
     * No machine yet: a chunk started on this slot waits until a cloud provisions an agent for it (a Jenkins label
     * served by a cloud). Nothing is known of that machine until it exists, so the label the farm found the slot by
     * vouches for its capabilities, as it does for Jenkins' own {@code node(label)}. Takes work like an idle slot,
     * and stays provisionable while a chunk of the job holds it (the job run knows which slots its chunks hold):
     * reported busy, nothing about it could be checked, so it would not count as a slot that can render the job.
     */
    PROVISIONABLE;

    /** Whether a chunk may be started on a slot in this status. */
    public boolean takesWork() {
        return this == IDLE || this == PROVISIONABLE;
    }
}
