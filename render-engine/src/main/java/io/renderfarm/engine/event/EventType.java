package io.renderfarm.engine.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of {@link JobEvent} by their wire names, one per record of {@link JobEvent} but
 * {@link JobEvent.Unknown}; each record documents the fields its type carries.
 */
public enum EventType {
    JOB_STARTED("job-started"),
    DECISION("decision"),
    CHUNK_STARTED("chunk-started"),
    PROGRESS("progress"),
    CHUNK_FAILED("chunk-failed"),
    CHUNK_FINISHED("chunk-finished"),
    CHUNK_LOG("chunk-log"),
    SLOT_BLOCKLISTED("slot-blocklisted"),
    SAMPLE("sample"),
    FRAME_DONE("frame-done"),
    AWAITING_APPROVAL("awaiting-approval"),
    CANCELED("canceled"),
    JOB_FINISHED("job-finished"),
    JOB_STALLED("job-stalled");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type with this wire name; empty for a type this engine does not know (from a newer site). */
    public static Optional<EventType> byWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
