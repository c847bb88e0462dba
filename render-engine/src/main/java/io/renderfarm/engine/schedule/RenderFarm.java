package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import java.util.List;

/**
 * The render servers a job can use: the standalone site's local slots, or Jenkins agent executors. The job run
 * asks for the slots and their status, starts chunks on idle capable ones and cancels them.
 */
public interface RenderFarm {
    /** Every slot with its capabilities and current status (the resource database). */
    List<RenderSlot> slots();

    /**
     * Starts a chunk on an idle slot. The farm marks the slot busy until it reports {@link ChunkListener#finished}.
     * A chunk that cannot start for a reason of its own (scene missing, renderer not installed) is reported through
     * {@code finished} with a reason, not thrown.
     *
     * @return the running chunk, or {@code null} when the slot is no longer idle (another job on a shared farm took
     *         it first); the job run then offers the work again later
     */
    ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener);
}
