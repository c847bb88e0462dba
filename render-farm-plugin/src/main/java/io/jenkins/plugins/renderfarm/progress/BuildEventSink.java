package io.jenkins.plugins.renderfarm.progress;

import hudson.model.TaskListener;
import io.renderfarm.engine.event.EventText;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;

/**
 * Where a render's events go in Jenkins: the build's {@link RenderProgressAction} (the page and its JSON) and a
 * line in the build log for each event a person would want to read later (wording from the engine's
 * {@link EventText}), with a failed chunk attempt's last lines under the path of its archived log. Progress ticks only update the page. After {@link #detach()} (controller shutdown) events
 * are dropped, so a render being torn down for a restart leaves the build's record as it was for the resumed
 * render to continue from.
 */
public final class BuildEventSink implements JobEventSink {
    private final RenderProgressAction action;
    private final TaskListener listener;
    private volatile boolean detached;

    public BuildEventSink(RenderProgressAction action, TaskListener listener) {
        this.action = action;
        this.listener = listener;
    }

    public void detach() {
        detached = true;
    }

    @Override
    public void accept(JobEvent e) {
        if (detached) {
            return;
        }
        action.apply(e);
        String line = EventText.describe(e);
        if (line != null) {
            listener.getLogger().println("[render] " + line);
            // a failed attempt's last lines: why a frame failed, without opening its log
            EventText.tail(e).forEach(tail -> listener.getLogger().println("[render] " + tail));
        }
        if (e instanceof JobEvent.FrameDone
                || e instanceof JobEvent.ChunkFailed
                || e instanceof JobEvent.ChunkLog
                || e instanceof JobEvent.Sample
                || e instanceof JobEvent.SlotBlocklisted) {
            action.requestSave();
        } else if (e instanceof JobEvent.JobFinished || e instanceof JobEvent.Decision) {
            action.saveNow();
        }
        // progress and chunk starts are shown live and need not be saved one by one
    }
}
