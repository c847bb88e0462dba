package io.renderfarm.engine.farm;

/** A chunk running (or queued) on a render farm. */
public interface ChunkExecution {
    /**
     * Stops the chunk: a queued one never starts, a running one has its renderer process tree killed. Idempotent,
     * non-blocking; the farm reports {@link ChunkListener#finished} with a failure afterwards.
     */
    void cancel();
}
