package io.renderfarm.engine.render.resident;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resident Blender of one render slot: at most one process, reused by chunk after chunk while they render the
 * same {@link ResidentKey}, replaced when the key changes or the process died (a crash, a cancel), ended when the
 * slot's next work is for another renderer ({@link #discard()}), ended at once when idle at a cancel
 * ({@link #discardIfIdle()}), and ended when the slot stays idle for the idle timeout, so a finished or canceled
 * job leaves no renderer behind even on a farm that lives on. Thread-safe.
 */
public final class ResidentSlot implements AutoCloseable {
    private final Path workDir;
    private final ScheduledExecutorService timer;
    private final Duration idleTimeout;
    private final Map<String, String> env;
    private ResidentBlender process;
    private boolean inUse;
    private long releases;
    private boolean closed;

    /**
     * @param workDir     the working folder of the resident processes (scenes use {@code //} paths, so it rarely matters)
     * @param timer       runs the idle close; shared by the farm's slots
     * @param idleTimeout how long an idle process is kept for the slot's next chunk
     */
    public ResidentSlot(Path workDir, ScheduledExecutorService timer, Duration idleTimeout) {
        this(workDir, timer, idleTimeout, Map.of());
    }

    /** @param env variables added to each process's environment (the slot's GPU, see {@code GpuAssignment}) */
    public ResidentSlot(Path workDir, ScheduledExecutorService timer, Duration idleTimeout, Map<String, String> env) {
        this.workDir = workDir;
        this.timer = timer;
        this.idleTimeout = idleTimeout;
        this.env = Map.copyOf(env);
    }

    /**
     * The slot's process for {@code key}, started now unless a live one for the same key is kept. The caller
     * renders with it and then calls {@link #release()}.
     *
     * @throws IOException when Blender cannot be started, or the slot is closed
     */
    public synchronized ResidentBlender acquire(ResidentKey key) throws IOException {
        if (closed) {
            throw new IOException("the render slot is closed");
        }
        if (process != null && (!process.isAlive() || !process.key().equals(key))) {
            process.kill();
            process = null;
        }
        if (process == null) {
            process = ResidentBlender.start(key, workDir, env);
        }
        inUse = true;
        return process;
    }

    /**
     * Starts the slot's process for {@code key} ahead of its first chunk (the scene loads meanwhile), unless the
     * slot is in use or already has a live process: on a site's shared farm that one may be another job's, kept
     * for its next chunk, and is not taken from it. A process no chunk comes for ends after the idle timeout. A
     * Blender that cannot start is left for the chunk to report.
     */
    public synchronized void warm(ResidentKey key) {
        if (closed || inUse || (process != null && process.isAlive())) {
            return;
        }
        discard();
        try {
            process = ResidentBlender.start(key, workDir, env);
        } catch (IOException cannotStart) {
            return;
        }
        scheduleIdleClose();
    }

    /** The chunk is over; a live process waits {@code idleTimeout} for the next chunk, a dead one is dropped. */
    public synchronized void release() {
        inUse = false;
        if (process == null) {
            ++releases;
            return;
        }
        if (!process.isAlive()) {
            ++releases;
            process = null;
            return;
        }
        scheduleIdleClose();
    }

    private void scheduleIdleClose() {
        long release = ++releases;
        try {
            timer.schedule(() -> closeIfStillIdle(release), idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException farmClosing) {
            discard();
        }
    }

    private synchronized void closeIfStillIdle(long release) {
        if (!inUse && release == releases) {
            discard();
        }
    }

    /** Ends the slot's process now unless a chunk is using it (a cancel: the work it waits for is going away). */
    public synchronized void discardIfIdle() {
        if (!inUse) {
            discard();
        }
    }

    /** Ends the slot's process now, if there is one (the slot's next work is for another renderer). */
    public synchronized void discard() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Kills the process and refuses further use. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        discard();
    }
}
