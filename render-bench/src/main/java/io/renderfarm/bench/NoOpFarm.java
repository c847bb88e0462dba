package io.renderfarm.bench;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link RenderFarm} whose renderer does nothing: every chunk "renders" at once on one of the farm's threads (as
 * {@code LocalSlotFarm} runs chunks on its own threads), reporting each frame as the same tiny, valid PNG, so the
 * job run's dispatch, bookkeeping and frame intake are all that is measured. Thread-safe.
 */
final class NoOpFarm implements RenderFarm, AutoCloseable {
    static final Capabilities MACHINE = new Capabilities(Map.of("blender", "3.4.1"), 2, 24_576, false);

    private final Path frame;
    private final SlotStatus[] status;
    private final ExecutorService workers;

    NoOpFarm(int slots, Path frame) {
        this.frame = frame;
        this.status = new SlotStatus[slots];
        Arrays.fill(status, SlotStatus.IDLE);
        this.workers = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "noop-slot");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized List<RenderSlot> slots() {
        List<RenderSlot> list = new ArrayList<>(status.length);
        for (int i = 0; i < status.length; i++) {
            list.add(new RenderSlot("slot-" + (i + 1), "bench", MACHINE, status[i]));
        }
        return list;
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        int index = Integer.parseInt(slot.id().substring("slot-".length())) - 1;
        synchronized (this) {
            if (status[index] != SlotStatus.IDLE) {
                return null;
            }
            status[index] = SlotStatus.BUSY;
        }
        workers.execute(() -> {
            for (int f : work.frames()) {
                listener.frameRendered(f, frame);
            }
            synchronized (this) {
                status[index] = SlotStatus.IDLE;
            }
            listener.finished((String) null);
        });
        return () -> {};
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
