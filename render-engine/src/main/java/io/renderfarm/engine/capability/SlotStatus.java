package io.renderfarm.engine.capability;

/** Whether a render slot can take work now. */
public enum SlotStatus {
    IDLE,
    BUSY,
    OFFLINE
}
