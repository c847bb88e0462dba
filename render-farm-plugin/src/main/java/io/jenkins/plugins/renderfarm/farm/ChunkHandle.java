package io.jenkins.plugins.renderfarm.farm;

import io.jenkins.plugins.renderfarm.farm.agent.CancelChunkCallable;

import hudson.model.Computer;
import hudson.model.Queue;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;

/**
 * One chunk's life in Jenkins: queued as a {@link ChunkTask}, running on an agent executor, done. Reports its end
 * to the engine exactly once: {@link ChunkListener#finished}, or {@link ChunkListener#lost} when the agent (or the
 * controller) went away rather than the chunk failing there. {@link #cancel()} is idempotent and returns at once: a
 * queued chunk is removed from the queue, a running one has its renderer killed on the agent.
 */
final class ChunkHandle implements ChunkExecution {
    private static final Logger LOGGER = Logger.getLogger(ChunkHandle.class.getName());

    private enum State { NEW, QUEUED, RUNNING, DONE }

    final String key;
    final String slotId;
    /** The agent the chunk is queued for; null when any agent of the job's label may take it (a cloud's, one away now). */
    final String nodeName;
    final ChunkWork work;
    final ChunkListener listener;
    private final Consumer<ChunkHandle> onDone;
    private State state = State.NEW;
    private ChunkTask task;
    private VirtualChannel channel;
    private String cancelReason;

    ChunkHandle(String key, String slotId, String nodeName, ChunkWork work, ChunkListener listener, Consumer<ChunkHandle> onDone) {
        this.key = key;
        this.slotId = slotId;
        this.nodeName = nodeName;
        this.work = work;
        this.listener = listener;
        this.onDone = onDone;
    }

    synchronized void queued(ChunkTask queuedTask) {
        task = queuedTask;
        if (state == State.NEW) {
            state = State.QUEUED;
        }
    }

    synchronized boolean isQueued() {
        return state == State.QUEUED;
    }

    /** Called on the executor; false when the chunk was canceled meanwhile and must not run. */
    synchronized boolean begin(VirtualChannel agent) {
        if (state != State.QUEUED || cancelReason != null) {
            return false;
        }
        state = State.RUNNING;
        channel = agent;
        return true;
    }

    /** The agent for messages: its name, or what a chunk for the label waits for. */
    String agentName() {
        return nodeName != null ? "agent " + nodeName : "the agent";
    }

    synchronized String cancelReasonOr(String fallback) {
        return cancelReason != null ? cancelReason : fallback;
    }

    @Override
    public void cancel() {
        withdraw("canceled");
    }

    /** Cancels with a reason the engine will see if the chunk ends because of it. */
    void withdraw(String reason) {
        ChunkTask queuedTask;
        VirtualChannel running;
        synchronized (this) {
            if (state == State.DONE || cancelReason != null) {
                return;
            }
            cancelReason = reason;
            queuedTask = state == State.QUEUED ? task : null;
            running = state == State.RUNNING ? channel : null;
        }
        if (queuedTask != null) {
            // Queue.cancel takes the queue lock; the engine's loop must not wait for it.
            Timer.get().submit(() -> {
                if (Queue.getInstance().cancel(queuedTask)) {
                    lose(reason + " before it started");
                }
            });
        } else if (running != null) {
            Computer.threadPoolForRemoting.submit(() -> killOnAgent(running));
        }
    }

    private void killOnAgent(VirtualChannel agent) {
        try {
            agent.call(new CancelChunkCallable(key));
        } catch (IOException | RuntimeException e) {
            // The agent is gone; the chunk's own channel listener kills the renderer there.
            LOGGER.log(Level.FINE, "could not reach the agent to cancel chunk " + key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the chunk for a reason of Jenkins' (queue, agent, shutdown, cancel): the slot's, never the scene's. */
    void finish(String failure) {
        finish(ChunkEnd.failed(failure, FailureKind.SLOT, -1, null));
    }

    /** Ends the chunk as the agent reported it, with the renderer's output for the attempt's log. */
    void finish(ChunkEnd end) {
        if (markDone()) {
            listener.finished(end);
        }
    }

    /** Ends the chunk because its agent or the controller went away: retried, not held against the agent. */
    void lose(String reason) {
        if (markDone()) {
            listener.lost(reason);
        }
    }

    private boolean markDone() {
        synchronized (this) {
            if (state == State.DONE) {
                return false;
            }
            state = State.DONE;
        }
        onDone.accept(this);
        return true;
    }
}
