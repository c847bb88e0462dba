package io.jenkins.plugins.renderfarm.progress;

import hudson.model.TaskListener;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;

/**
 * Where a render's events go in Jenkins: the build's {@link RenderProgressAction} (the page and its JSON) and a
 * line in the build log for each event a person would want to read later. Progress ticks only update the page.
 * After {@link #detach()} (controller shutdown) events are dropped, so a render being torn down for a restart
 * leaves the build's record as it was for the resumed render to continue from.
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
        String line = describe(e);
        if (line != null) {
            listener.getLogger().println("[render] " + line);
        }
        switch (e.eventType()) {
            case FRAME_DONE, CHUNK_FAILED, SAMPLE, SLOT_BLOCKLISTED -> action.requestSave();
            case JOB_FINISHED -> action.saveNow();
            default -> {
                // progress and chunk starts are shown live and need not be saved one by one
            }
        }
    }

    /** The log line for an event, or null for events only the page shows. */
    static String describe(JobEvent e) {
        return switch (e.eventType()) {
            case JOB_STARTED -> "rendering frames " + e.string("frames") + " (" + e.get("total") + ") with "
                    + e.string("renderer") + " on " + e.get("slots") + " executor(s)";
            case CHUNK_STARTED -> "chunk " + e.get("chunk") + " (frames " + e.string("frames") + ", " + e.string("pass")
                    + ", attempt " + e.get("attempt") + ") on " + e.string("slot");
            case CHUNK_FAILED -> "chunk " + e.get("chunk") + " failed on " + e.string("slot") + ": " + e.string("reason")
                    + (Boolean.TRUE.equals(e.get("willRetry")) ? " (will retry)" : "");
            case SLOT_BLOCKLISTED -> e.string("slot") + " blocklisted for this render: " + e.string("reason");
            case FRAME_DONE -> "frame " + e.get("frame") + (Boolean.TRUE.equals(e.get("skipped")) ? " already archived" : " archived")
                    + " as " + e.string("path") + " (" + e.get("done") + "/" + e.get("total") + ")";
            case AWAITING_APPROVAL -> "preview pass done";
            case CANCELED -> "canceling: " + e.string("reason");
            case JOB_FINISHED -> "finished " + e.string("state") + ": " + e.get("done") + "/" + e.get("total") + " frames"
                    + (e.string("reason").isEmpty() ? "" : " (" + e.string("reason") + ")");
            default -> null;
        };
    }
}
