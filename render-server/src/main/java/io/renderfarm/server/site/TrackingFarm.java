package io.renderfarm.server.site;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.schedule.ChunkExecution;
import io.renderfarm.engine.schedule.ChunkListener;
import io.renderfarm.engine.schedule.ChunkWork;
import io.renderfarm.engine.schedule.RenderFarm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site's one farm, shared by all its jobs, remembering which chunk each slot renders so the resource page can
 * show it. Thread-safe.
 */
final class TrackingFarm implements RenderFarm {
    private final RenderFarm farm;
    private final Map<String, ChunkWork> running = new ConcurrentHashMap<>();

    TrackingFarm(RenderFarm farm) {
        this.farm = farm;
    }

    @Override
    public List<RenderSlot> slots() {
        return farm.slots();
    }

    /** The chunk a slot renders now, or null. */
    ChunkWork runningOn(String slotId) {
        return running.get(slotId);
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        // Recorded first: a chunk that fails at once reports finished() before start() returns.
        running.put(slot.id(), work);
        ChunkExecution execution = farm.start(slot, work, new ChunkListener() {
            @Override
            public void progress(int frame, double fraction) {
                listener.progress(frame, fraction);
            }

            @Override
            public void frameRendered(int frame, Path file) {
                listener.frameRendered(frame, file);
            }

            @Override
            public void finished(String failure) {
                running.remove(slot.id(), work);
                listener.finished(failure);
            }
        });
        if (execution == null) {
            running.remove(slot.id(), work);
        }
        return execution;
    }
}
