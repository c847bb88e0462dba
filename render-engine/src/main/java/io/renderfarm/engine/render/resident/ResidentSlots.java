package io.renderfarm.engine.render.resident;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The resident Blenders of one machine's render slots, by slot name, sharing one idle timer: a slot's process
 * outlives the chunk that started it, for the slot's next chunk of the same scene, and ends when the slot stays
 * idle for the idle timeout. The local farm keeps one for its slots; a Jenkins agent keeps one per JVM for its
 * executors, whose chunks arrive as separate calls from the controller. Thread-safe.
 */
public final class ResidentSlots implements AutoCloseable {
    private final Path workDir;
    private final Duration idleTimeout;
    private final ScheduledExecutorService timer;
    private final Map<String, ResidentSlot> slots = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param workDir     the working folder of the resident processes
     * @param idleTimeout how long an idle slot keeps its process for the slot's next chunk
     */
    public ResidentSlots(Path workDir, Duration idleTimeout) {
        this.workDir = workDir;
        this.idleTimeout = idleTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resident-idle");
            t.setDaemon(true);
            return t;
        });
    }

    /** The named slot's holder, made on first use; a closed one (after {@link #close()}) refuses to start Blender. */
    public synchronized ResidentSlot slot(String name) {
        return slot(name, Map.of());
    }

    /**
     * The named slot's holder, its processes started with {@code env} added (the slot's GPU); a slot keeps the
     * environment it was first made with.
     */
    public synchronized ResidentSlot slot(String name, Map<String, String> env) {
        ResidentSlot slot = slots.get(name);
        if (slot == null) {
            slot = new ResidentSlot(workDir, timer, idleTimeout, env);
            if (closed) {
                slot.close();
            }
            slots.put(name, slot);
        }
        return slot;
    }

    /** Ends every process no chunk is rendering with now (a cancel: the work they wait for is going away). */
    public void discardIdle() {
        for (ResidentSlot slot : snapshot()) {
            slot.discardIfIdle();
        }
    }

    private synchronized ResidentSlot[] snapshot() {
        return slots.values().toArray(ResidentSlot[]::new);
    }

    /** Kills every process, refuses further use and stops the timer. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (ResidentSlot slot : snapshot()) {
            slot.close();
        }
        timer.shutdownNow();
    }
}
