package io.jenkins.plugins.renderfarm.farm;

import hudson.Extension;
import hudson.model.Queue;
import hudson.model.queue.QueueListener;

/**
 * Tells the engine when a user removed a chunk from the queue by hand, so it is retried rather than waited for.
 */
@Extension
public final class ChunkQueueListener extends QueueListener {
    @Override
    public void onLeft(Queue.LeftItem li) {
        if (li.isCancelled() && li.task instanceof ChunkTask chunk) {
            chunk.handle().finish(chunk.handle().cancelReasonOr("removed from the Jenkins queue"));
        }
    }
}
