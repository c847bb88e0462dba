package io.jenkins.plugins.renderfarm.farm;

import hudson.Extension;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueTaskDispatcher;

/**
 * Keeps a chunk queued for a label (waiting for a cloud's or an offline agent) off the agents its render will not
 * use: those the render blocklisted, and those whose probed machine does not fit the profile. Jenkins then shows
 * why in the queue, and a node provisioner still sees the chunk waiting for the label.
 */
@Extension
public final class ChunkDispatcher extends QueueTaskDispatcher {
    @Override
    public CauseOfBlockage canTake(Node node, Queue.BuildableItem item) {
        return item.task instanceof ChunkTask chunk ? chunk.refusal(node) : null;
    }
}
