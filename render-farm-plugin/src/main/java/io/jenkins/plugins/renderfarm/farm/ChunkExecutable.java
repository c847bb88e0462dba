package io.jenkins.plugins.renderfarm.farm;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Executor;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.queue.SubTask;
import hudson.remoting.VirtualChannel;
import io.renderfarm.engine.farm.ChunkEnd;
import java.io.IOException;

/**
 * Runs one chunk on the executor the queue gave it: occupies that executor for the whole render (so Jenkins'
 * executor count is the farm's slot count) and reports the outcome to the engine. Losing the agent shows up here
 * as an exception from the channel and is reported as a loss ({@link AgentLoss}): the engine retries the chunk
 * elsewhere without holding it against the agent. Runs as the build's identity (the queue item's authentication).
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
        FilePath root = node == null ? null : node.getRootPath();
        if (node == null || channel == null || root == null) {
            handle.lose(handle.agentName() + " went offline before the chunk started");
            return;
        }
        if (!handle.begin(channel)) {
            handle.lose(handle.cancelReasonOr("canceled"));
            return;
        }
        ControllerRelay relay = task.render().relayFor(handle, channel);
        try {
            ChunkEnd end = task.render().run(node, root, executor.getNumber(), channel, handle, relay);
            handle.finish(end);
        } catch (InterruptedException e) {
            // The executor was stopped (build abort, executor's stop button): make sure the renderer dies too.
            handle.withdraw("interrupted");
            handle.lose("interrupted on " + node.getNodeName());
        } catch (IOException | RuntimeException e) {
            if (AgentLoss.isLoss(e, channel, computer)) {
                handle.lose(AgentLoss.describe(node.getNodeName(), e));
            } else {
                handle.finish("agent " + node.getNodeName() + " failed: " + AgentLoss.cause(e));
            }
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
