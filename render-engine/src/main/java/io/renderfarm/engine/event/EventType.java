package io.renderfarm.engine.event;

import java.util.Arrays;

/**
 * The kinds of {@link JobEvent}, with the wire name and the data fields each carries.
 */
public enum EventType {
    /** {@code frames}, {@code renderer}, {@code slots}; from a site also {@code where}. */
    JOB_STARTED("job-started"),
    /** {@code where} (local|remote), {@code reason}, and {@code site} when remote. */
    DECISION("decision"),
    /** {@code chunk}, {@code frames} (spec), {@code slot}, {@code pass} (preview|final), {@code attempt}. */
    CHUNK_STARTED("chunk-started"),
    /**
     * {@code chunk}, {@code frame}, {@code fraction} (0..1 within the frame), {@code done}, {@code total}, and
     * {@code eta} (whole seconds until the job's frames are done, from measured frame times) once a final frame was
     * measured.
     */
    PROGRESS("progress"),
    /**
     * {@code chunk}, {@code slot} (or the machine it ran on when that is not the slot's own, such as the agent a
     * cloud provided), {@code reason}, {@code willRetry}, {@code frames} (those it did not deliver), {@code kind}
     * (scene|slot|unknown: whose fault it is), and {@code frame} (the frame the renderer was on) when known.
     */
    CHUNK_FAILED("chunk-failed"),
    /** {@code chunk}, {@code frames}. */
    CHUNK_FINISHED("chunk-finished"),
    /**
     * The log of a chunk attempt that ended (after its {@code chunk-finished} or {@code chunk-failed}): {@code chunk},
     * {@code attempt}, {@code pass}, {@code frames}, {@code slot}, {@code host}, {@code started} and {@code ended}
     * (ISO-8601), {@code state} (succeeded|failed|killed), {@code path} (where the host keeps the log; absent when
     * it keeps none), {@code chars}, {@code truncated}; {@code exitCode} when the renderer had a process of its own;
     * for a failed attempt {@code reason}, {@code kind} (scene|slot|unknown) and {@code tail} (its last lines).
     */
    CHUNK_LOG("chunk-log"),
    /**
     * {@code slot}, {@code reason}: that machine (a slot of the standalone site, a Jenkins agent with all its
     * executors) is no longer used for this job.
     */
    SLOT_BLOCKLISTED("slot-blocklisted"),
    /**
     * {@code frame}, {@code kind} (preview|thumbnail|contact-sheet|movie), {@code path} (where the host serves it).
     * Previews, thumbnails and the contact sheet are 8-bit PNGs; the movie is an H.264 MP4 of the finished frames.
     */
    SAMPLE("sample"),
    /**
     * {@code frame}, {@code path}, {@code sha256}, {@code width} and {@code height} of the verified image (when
     * known: not for a frame already there), {@code done}, {@code total}, and {@code skipped} when it was already
     * there.
     */
    FRAME_DONE("frame-done"),
    /** The preview pass ended and the job waits for approval. */
    AWAITING_APPROVAL("awaiting-approval"),
    /** {@code reason}: cancel was requested. */
    CANCELED("canceled"),
    /** {@code state}, {@code done}, {@code total}, {@code failed}, {@code reason}. */
    JOB_FINISHED("job-finished"),
    /**
     * {@code reason}: a site stopped running the job for now (it cannot record its progress: its data folder is
     * full); the job is not final and resumes when the site restarts. Live only, never stored or replayed as such.
     */
    JOB_STALLED("job-stalled");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static EventType fromWireName(String name) {
        return Arrays.stream(values())
                .filter(v -> v.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + name + "'"));
    }
}
