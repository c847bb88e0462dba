package io.jenkins.plugins.renderfarm.farm;

import hudson.Extension;
import hudson.model.Queue;
import hudson.model.queue.QueueListener;

/**
 * Tells the engine when a user removed a chunk from the queue by hand, so it is retried rather than waited for;
 * that says nothing about the agent it waited for, so it does not count toward blocklisting it.
 */
@Extension
public final class ChunkQueueListener extends QueueListener {
    @Override
    public void onLeft(Queue.LeftItem li) {
        if (li.isCancelled() && li.task instanceof ChunkTask chunk) {
            chunk.handle().lose(chunk.handle().cancelReasonOr("removed from the Jenkins queue"));
        }
    }
}
