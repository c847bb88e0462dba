package io.jenkins.plugins.renderfarm.farm;

import hudson.Extension;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.queue.QueueListener;
import jenkins.advancedqueue.PrioritySorterConfiguration;
import jenkins.advancedqueue.sorter.ItemInfo;
import jenkins.advancedqueue.sorter.QueueItemCache;

/**
 * Gives each chunk its build's Priority Sorter priority, the one Priority Sorter gives the {@code node} blocks of the
 * same build. Priority Sorter ranks a queue item by its task alone: a job's own item by the job's group and
 * strategies, a Pipeline {@code node} block's placeholder by the priority its job's last queued item got, and every
 * other task the global default, without consulting {@link Queue.Task#getOwnerTask()}; it has no extension point
 * for another plugin's task. So, right after Priority Sorter has entered a new chunk (a lower ordinal than its own
 * queue listener's 0), this copies that priority onto the chunk's entry and lets the configured sorter strategy
 * weigh it again. A fair-queuing strategy thereby counts the chunk twice in its running weights, which shifts later
 * items by one step at most. Loaded only when Priority Sorter is installed (an optional dependency).
 */
@Extension(optional = true, ordinal = -100)
public final class ChunkPriority extends QueueListener {
    @Override
    public void onEnterWaiting(Queue.WaitingItem item) {
        if (!(item.task instanceof ChunkTask chunk) || !(chunk.getOwnerTask() instanceof Job<?, ?> job)) {
            return;
        }
        QueueItemCache cache = QueueItemCache.get();
        ItemInfo entry = cache.getItem(item.getId());
        // Keyed by the job's name, as Priority Sorter looks it up for a node block; null until the job was queued
        // since the controller started, and then the chunk keeps the default a node block would get too.
        ItemInfo build = cache.getItem(job.getName());
        if (entry == null || build == null || entry.getPriority() == build.getPriority()) {
            return;
        }
        entry.addDecisionLog(0, "Render chunk of " + job.getFullName() + ": taking the priority of its build's job");
        entry.setPrioritySelection(build.getPriority());
        PrioritySorterConfiguration.get().getStrategy().onNewItem(item, entry);
    }
}
