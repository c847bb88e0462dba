package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.ForwardingChunkListener;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site's one farm, shared by all its jobs, remembering which chunk each slot renders so the resource page can
 * show it, and how long final-quality frames take here lately (for the estimated wait a where=auto decision
 * weighs). Thread-safe.
 */
public final class TrackingFarm implements RenderFarm {
    /** Weight of the newest chunk in the running average: recent enough to follow a change of shots. */
    private static final double SMOOTHING = 0.3;

    private final RenderFarm farm;
    private final Clock clock;
    private final Map<String, ChunkWork> running = new ConcurrentHashMap<>();
    private double secondsPerFrame = Double.NaN;

    /** @param clock what times chunks */
    public TrackingFarm(RenderFarm farm, Clock clock) {
        this.farm = farm;
        this.clock = clock;
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
    public void wants(RenderJob job, Set<String> slotIds) {
        farm.wants(job, slotIds);
    }

    /** Recent seconds per final-quality frame on this site's slots (renderer start included); NaN until one finished. */
    synchronized double secondsPerFrame() {
        return secondsPerFrame;
    }

    private synchronized void measured(ChunkWork work, long nanos) {
        double perFrame = nanos / 1e9 / work.frames().size();
        secondsPerFrame =
                Double.isNaN(secondsPerFrame) ? perFrame : SMOOTHING * perFrame + (1 - SMOOTHING) * secondsPerFrame;
    }

    /** The chunk a slot renders now, or null. */
    public ChunkWork runningOn(String slotId) {
        return running.get(slotId);
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        // Recorded first: a chunk that fails at once reports finished() before start() returns.
        running.put(slot.id(), work);
        long started = clock.nanoTime();
        ChunkExecution execution = farm.start(slot, work, new ForwardingChunkListener(listener) {
            @Override
            protected void ending(ChunkEnd end) {
                running.remove(slot.id(), work);
                if (end.succeeded() && !work.isPreview()) {
                    measured(work, clock.nanoTime() - started);
                }
            }
        });
        if (execution == null) {
            running.remove(slot.id(), work);
        }
        return execution;
    }
}
