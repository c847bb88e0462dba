package io.renderfarm.engine.farm;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.schedule.FairShareFarm;
import java.util.List;
import java.util.Set;

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

    /**
     * A hint that chunks of {@code job} follow: a farm may get idle slots ready (a resident renderer loading the
     * scene) while the job run still checks its store and plans. Returns at once and never fails; the default does
     * nothing.
     */
    default void prepare(RenderJob job) {}

    /**
     * What a job run could start now: the ids of the slots it would start a chunk on when free (empty when it has
     * nothing to start). A farm several jobs share weighs these claims when it decides which job a free slot goes
     * to ({@link FairShareFarm}); job runs renew it at every dispatch. Returns at once; the default ignores it.
     */
    default void wants(RenderJob job, Set<String> slotIds) {}

    /**
     * Whether a chunk {@linkplain #start started} here may first wait in a queue of the farm's own (the Jenkins
     * build queue) before it renders. Such a farm reports {@link ChunkListener#startedOn} when the chunk begins, and
     * the chunk's maximum-time and stall timers start there: waiting for a busy or absent machine is not a stall.
     * The default, false, times a chunk from {@link #start}.
     */
    default boolean queuesChunks() {
        return false;
    }

    /**
     * The machine a slot renders on: what a job's blocklist books failures against, so every slot of a machine
     * that failed the job's threshold is left out together. By default each slot is its own machine, as the
     * standalone site's slots are (they share a host, but a failing renderer is the slot's, not the host's).
     */
    default String machineOf(RenderSlot slot) {
        return slot.id();
    }

    /**
     * The job will not use {@code machine} again (it failed the job's blocklist threshold). A farm whose queued
     * chunks may land on any of several machines (a Jenkins label) keeps them off it; the default does nothing,
     * since the job run no longer starts chunks on that machine's slots anyway. Must return at once.
     */
    default void blocklisted(String machine) {}
}
