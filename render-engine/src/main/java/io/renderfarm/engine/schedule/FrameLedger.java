package io.renderfarm.engine.schedule;

import io.renderfarm.engine.frames.FrameSet;
import java.util.Arrays;

/**
 * The status of every frame of a job, with running counts. Frame numbers index a sorted array, so a job of a
 * million frames costs a few megabytes and no boxing. Owned by the job's loop; not thread-safe.
 */
final class FrameLedger {
    private final int[] frames;
    private final FrameStatus[] status;
    private int done;
    private int failed;

    FrameLedger(FrameSet all) {
        this.frames = all.toArray();
        this.status = new FrameStatus[frames.length];
        Arrays.fill(status, FrameStatus.PENDING);
    }

    private int index(int frame) {
        int i = Arrays.binarySearch(frames, frame);
        if (i < 0) {
            throw new IllegalArgumentException("frame " + frame + " is not part of this job");
        }
        return i;
    }

    boolean contains(int frame) {
        return Arrays.binarySearch(frames, frame) >= 0;
    }

    FrameStatus status(int frame) {
        return status[index(frame)];
    }

    void set(int frame, FrameStatus value) {
        int i = index(frame);
        FrameStatus old = status[i];
        if (old == FrameStatus.DONE) {
            done--;
        } else if (old == FrameStatus.FAILED) {
            failed--;
        }
        status[i] = value;
        if (value == FrameStatus.DONE) {
            done++;
        } else if (value == FrameStatus.FAILED) {
            failed++;
        }
    }

    /** Marks a frame done; false when it already was (a frame is never counted twice). */
    boolean markDone(int frame) {
        if (status(frame) == FrameStatus.DONE) {
            return false;
        }
        set(frame, FrameStatus.DONE);
        return true;
    }

    /** Frames that were being rendered go back to pending (after a cancel or a failed chunk). */
    void release(FrameSet chunk) {
        for (int frame : chunk.toArray()) {
            if (status(frame) == FrameStatus.RENDERING) {
                set(frame, FrameStatus.PENDING);
            }
        }
    }

    int total() {
        return frames.length;
    }

    int done() {
        return done;
    }

    int failedCount() {
        return failed;
    }

    /** Frames not done, ascending. */
    FrameSet notDone() {
        int[] out = new int[frames.length - done];
        int n = 0;
        for (int i = 0; i < frames.length; i++) {
            if (status[i] != FrameStatus.DONE) {
                out[n++] = frames[i];
            }
        }
        return FrameSet.of(out);
    }
}
