package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in {@link RenderFarm} whose chunks end only when the test says so ({@link #finishOldest()}), so a test
 * decides where the chunk boundaries fall and reads in which order jobs got the slots ({@link #starts}:
 * {@code job:frames}). A finished chunk writes small real PNGs for its frames. Not a renderer.
 */
final class GatedFarm implements RenderFarm {
    private record Running(RenderSlot slot, ChunkWork work, ChunkListener listener) {}

    private final Path scratch;
    private final SlotStatus[] status;
    private final List<Running> running = new ArrayList<>();
    final List<String> starts = new CopyOnWriteArrayList<>();
    final List<String> canceled = new CopyOnWriteArrayList<>();

    GatedFarm(Path scratch, int slots) {
        this.scratch = scratch;
        this.status = new SlotStatus[slots];
        java.util.Arrays.fill(status, SlotStatus.IDLE);
    }

    @Override
    public synchronized List<RenderSlot> slots() {
        List<RenderSlot> list = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            list.add(new RenderSlot("slot-" + (i + 1), "test-host", ScriptedFarm.BLENDER_BOX, status[i]));
        }
        return list;
    }

    @Override
    public synchronized ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        int index = Integer.parseInt(slot.id().substring("slot-".length())) - 1;
        if (status[index] != SlotStatus.IDLE) {
            return null;
        }
        status[index] = SlotStatus.BUSY;
        Running chunk = new Running(slot, work, listener);
        running.add(chunk);
        starts.add(work.job().id() + ":" + work.frames());
        return () -> canceled.add(work.job().id() + ":" + work.frames());
    }

    synchronized int runningCount() {
        return running.size();
    }

    /** Ends the chunk that started first among those running, delivering its frames; returns its {@code job:frames}. */
    String finishOldest() {
        Running chunk;
        synchronized (this) {
            chunk = running.remove(0);
        }
        for (int frame : chunk.work().frames()) {
            Path file =
                    scratch.resolve(chunk.work().job().id() + "-" + chunk.work().chunkId() + "-" + frame + ".png");
            ScriptedFarm.writePng(file, 64, 48, frame);
            chunk.listener().frameRendered(frame, file);
        }
        synchronized (this) {
            status[Integer.parseInt(chunk.slot().id().substring("slot-".length())) - 1] = SlotStatus.IDLE;
        }
        chunk.listener().finished((String) null);
        return chunk.work().job().id() + ":" + chunk.work().frames();
    }
}
