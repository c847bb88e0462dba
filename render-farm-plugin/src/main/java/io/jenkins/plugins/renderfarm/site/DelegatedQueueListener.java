package io.jenkins.plugins.renderfarm.site;

import hudson.Extension;
import hudson.model.Queue;
import hudson.model.queue.QueueListener;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records a delegated job canceled when its queue item was removed by hand before its build started, so the site
 * answers CANCELED for it rather than QUEUED for ever.
 */
@Extension
public final class DelegatedQueueListener extends QueueListener {
    private static final Logger LOGGER = Logger.getLogger(DelegatedQueueListener.class.getName());

    @Override
    public void onLeft(Queue.LeftItem li) {
        DelegatedJobAction action = li.isCancelled() ? li.getAction(DelegatedJobAction.class) : null;
        if (action == null) {
            return;
        }
        try {
            DelegatedJob.update(action.getSiteJobId(), job -> job.withCancel("removed from the Jenkins queue"));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot record that delegated job " + action.getSiteJobId() + " was canceled", e);
        }
    }
}
