package io.jenkins.plugins.renderfarm.farm;

import hudson.model.Computer;
import hudson.model.Executor;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.queue.SubTask;
import hudson.remoting.VirtualChannel;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.schedule.ChunkEnd;
import java.io.IOException;

/**
 * Runs one chunk on the executor the queue gave it: occupies that executor for the whole render (so Jenkins'
 * executor count is the farm's slot count) and reports the outcome to the engine. Losing the agent shows up here
 * as an {@link IOException} from the channel and becomes a chunk failure, which the engine retries elsewhere.
 */
public final class ChunkExecutable implements Queue.Executable {
    private final ChunkTask task;

    ChunkExecutable(ChunkTask task) {
        this.task = task;
    }

    @Override
    public SubTask getParent() {
        return task;
    }

    @Override
    public Queue.Executable getParentExecutable() {
        return task.run() instanceof Queue.Executable build ? build : null;
    }

    @Override
    public void run() {
        ChunkHandle handle = task.handle();
        Executor executor = Executor.currentExecutor();
        Computer computer = executor == null ? null : executor.getOwner();
        Node node = computer == null ? null : computer.getNode();
        VirtualChannel channel = computer == null ? null : computer.getChannel();
        if (node == null || channel == null) {
            handle.finish(handle.agentName() + " went offline before the chunk started");
            return;
        }
        if (!handle.begin(channel)) {
            handle.finish(handle.cancelReasonOr("canceled"));
            return;
        }
        ControllerRelay relay = task.render().relayFor(handle, channel);
        ChunkEnd end;
        try {
            end = task.render().run(node, executor.getNumber(), channel, handle, relay);
        } catch (InterruptedException e) {
            // The executor was stopped (build abort, executor's stop button): make sure the renderer dies too.
            handle.withdraw("interrupted");
            end = ChunkEnd.failed("interrupted on " + node.getNodeName(), FailureKind.SLOT, -1, null);
        } catch (IOException | RuntimeException e) {
            end = ChunkEnd.failed("agent " + node.getNodeName() + " failed or was lost: " + e, FailureKind.SLOT, -1, null);
        }
        try {
            handle.finish(end);
        } finally {
            relay.close();
        }
    }

    /** For the executor cell: the build this chunk renders for. */
    public hudson.model.Run<?, ?> getRun() {
        return task.run();
    }

    public String getDisplayName() {
        return "chunk " + task.handle().work.chunkId() + ", frames " + task.handle().work.frames();
    }

    @Override
    public long getEstimatedDuration() {
        return -1;
    }

    @Override
    public String toString() {
        return task.getName();
    }
}
