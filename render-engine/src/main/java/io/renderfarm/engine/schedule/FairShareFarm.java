package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.ForwardingChunkListener;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link RenderFarm} shared by several jobs at once (a site's slots), which gives each free slot to the job with
 * the best claim on it: the highest {@linkplain #setPriority priority} first; among equal priorities the job with
 * the fewest chunks running, then the one served longest ago — so jobs of equal priority share the slots chunk by
 * chunk instead of queueing behind each other. Only a start is ever refused: a running chunk is never stopped for
 * another job, so a job yields slots at its chunk boundaries, and a priority changed while it runs counts from its
 * next chunk on.
 *
 * <p>A job's claim is what its run last said it {@linkplain #wants wants}: the slots it could start a chunk on. A
 * claim not renewed for {@link #CLAIM_NANOS} lapses, so a job that ended or hangs never holds slots back. Priorities
 * are 0..100, {@value #DEFAULT_PRIORITY} unless set. Thread-safe.
 */
public final class FairShareFarm implements RenderFarm {
    public static final int DEFAULT_PRIORITY = 50;
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;
    /** Job runs renew their claims at every dispatch, at least every 200 ms. */
    static final long CLAIM_NANOS = 2_000_000_000L;

    private static final class Claim {
        int priority = DEFAULT_PRIORITY;
        int running;
        long lastGrant;
        Set<String> slots = Set.of();
        long claimedAt;
    }

    private final RenderFarm farm;
    private final Clock clock;
    private final Map<String, Claim> claims = new HashMap<>();
    private long grants;

    public FairShareFarm(RenderFarm farm, Clock clock) {
        this.farm = farm;
        this.clock = clock;
    }

    /**
     * Sets a job's priority, 0..100; the next slot that falls free is given by it.
     *
     * @throws IllegalArgumentException outside 0..100
     */
    public synchronized void setPriority(String jobId, int priority) {
        checkPriority(priority);
        claim(jobId).priority = priority;
    }

    public synchronized int priority(String jobId) {
        Claim claim = claims.get(jobId);
        return claim == null ? DEFAULT_PRIORITY : claim.priority;
    }

    /** Forgets a job that ended here. */
    public synchronized void forget(String jobId) {
        claims.remove(jobId);
    }

    /** @throws IllegalArgumentException when {@code priority} is not 0..100 */
    public static void checkPriority(int priority) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException(
                    "priority must be " + MIN_PRIORITY + ".." + MAX_PRIORITY + ", got " + priority);
        }
    }

    @Override
    public List<RenderSlot> slots() {
        return farm.slots();
    }

    @Override
    public void prepare(RenderJob job) {
        farm.prepare(job);
    }

    @Override
    public synchronized void wants(RenderJob job, Set<String> slotIds) {
        Claim claim = claim(job.id());
        claim.slots = Set.copyOf(slotIds);
        claim.claimedAt = clock.nanoTime();
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        String jobId = work.job().id();
        synchronized (this) {
            if (!bestClaimOn(slot.id(), jobId)) {
                return null; // the job run offers the chunk again at its next dispatch
            }
            Claim mine = claim(jobId);
            mine.running++;
            mine.lastGrant = ++grants;
        }
        ChunkExecution execution = farm.start(slot, work, new Counting(jobId, listener));
        if (execution == null) {
            ended(jobId);
        }
        return execution;
    }

    /** Whether no other job has a better live claim on the slot than {@code jobId}, which asks for it now. */
    private boolean bestClaimOn(String slotId, String jobId) {
        Claim mine = claim(jobId);
        long now = clock.nanoTime();
        for (Map.Entry<String, Claim> other : claims.entrySet()) {
            Claim c = other.getValue();
            if (other.getKey().equals(jobId) || !c.slots.contains(slotId) || now - c.claimedAt > CLAIM_NANOS) {
                continue;
            }
            if (better(c, mine)) {
                return false;
            }
        }
        return true;
    }

    private static boolean better(Claim a, Claim b) {
        if (a.priority != b.priority) {
            return a.priority > b.priority;
        }
        if (a.running != b.running) {
            return a.running < b.running;
        }
        return a.lastGrant < b.lastGrant;
    }

    private Claim claim(String jobId) {
        return claims.computeIfAbsent(jobId, id -> new Claim());
    }

    private synchronized void ended(String jobId) {
        Claim claim = claims.get(jobId);
        if (claim != null && claim.running > 0) {
            claim.running--;
        }
    }

    /** Counts the job's chunk as ended when its farm reports it so. */
    private final class Counting extends ForwardingChunkListener {
        private final String jobId;

        Counting(String jobId, ChunkListener listener) {
            super(listener);
            this.jobId = jobId;
        }

        @Override
        protected void ending(ChunkEnd end) {
            ended(jobId);
        }
    }
}
