package io.renderfarm.engine.farm;

import io.renderfarm.engine.render.FailureKind;
import java.io.Serializable;

/**
 * How a chunk ended, as the farm that ran it saw it.
 *
 * @param failure  null when the renderer ended well; else a one-line reason, the renderer's own words when it gave any
 * @param kind     whose fault a failure is (null on success)
 * @param frame    the frame the renderer was on when it failed, or -1 when it did not say
 * @param exitCode the renderer process's exit code, or null when there was no process of its own (a resident
 *                 renderer, a chunk that never started)
 * @param log      the renderer's output as captured where the chunk ran (its head and tail when long), for farms
 *                 whose chunks run out of the job run's process and do not stream it through
 *                 {@link ChunkListener#output}; null otherwise
 */
public record ChunkEnd(String failure, FailureKind kind, int frame, Integer exitCode, String log)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ChunkEnd {
        if (failure != null && kind == null) {
            kind = FailureKind.UNKNOWN;
        }
    }

    public static ChunkEnd success(Integer exitCode) {
        return new ChunkEnd(null, null, -1, exitCode, null);
    }

    public static ChunkEnd failed(String failure, FailureKind kind, int frame, Integer exitCode) {
        return new ChunkEnd(failure, kind, frame, exitCode, null);
    }

    /** The end a farm reports with a reason only ({@link ChunkListener#finished(String)}): the cause is unknown. */
    public static ChunkEnd of(String failure) {
        return failure == null ? success(null) : failed(failure, FailureKind.UNKNOWN, -1, null);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** This end with the renderer's captured output attached. */
    public ChunkEnd withLog(String text) {
        return new ChunkEnd(failure, kind, frame, exitCode, text);
    }
}
