package io.renderfarm.bench;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.CheckedFrame;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.store.FrameSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Jenkins agents with their side stubbed, for the intake benchmark: one slot per "agent", each chunk delivered at
 * once on the agent's own thread as a Jenkins agent delivers it — the agent's check (its size, SHA-256 and
 * thumbnail, computed before the clock started) and a source of the frame's bytes, here a file on the same disk
 * instead of a Remoting pipe. Counts how often sources are opened and how many bytes are read from them.
 */
final class StubAgentFarm implements RenderFarm {
    /** A frame as the agent checked it, and where its bytes are. */
    record Delivery(CheckedFrame checked, Path file) {}

    private static final Capabilities AGENT = new Capabilities(Map.of("blender", "4.2.0"), 32, 131072, true);

    private final List<String> ids = new ArrayList<>();
    private final Map<String, SlotStatus> status = new ConcurrentHashMap<>();
    private final IntFunction<Delivery> deliveries;
    final AtomicLong opens = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();

    StubAgentFarm(int agents, IntFunction<Delivery> deliveries) {
        this.deliveries = deliveries;
        for (int i = 1; i <= agents; i++) {
            String id = String.format("agent-%02d#0", i);
            ids.add(id);
            status.put(id, SlotStatus.IDLE);
        }
    }

    @Override
    public List<RenderSlot> slots() {
        List<RenderSlot> slots = new ArrayList<>();
        for (String id : ids) {
            slots.add(new RenderSlot(id, id.substring(0, id.indexOf('#')), AGENT, status.get(id)));
        }
        return slots;
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        if (!status.replace(slot.id(), SlotStatus.IDLE, SlotStatus.BUSY)) {
            return null;
        }
        Thread agent = new Thread(
                () -> {
                    for (int frame : work.frames()) {
                        Delivery d = deliveries.apply(frame);
                        listener.frameChecked(frame, d.checked(), counted(d.file()));
                    }
                    status.put(slot.id(), SlotStatus.IDLE);
                    listener.finished((String) null);
                },
                slot.id());
        agent.start();
        return () -> {};
    }

    private FrameSource counted(Path file) {
        return () -> {
            opens.incrementAndGet();
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public int read() throws IOException {
                    int n = super.read();
                    if (n >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return n;
                }
            };
        };
    }
}
