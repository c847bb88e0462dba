package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.JobResult;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The running {@code renderFrames} call. Asynchronous: {@link #start()} returns at once and the engine's job run,
 * wrapped in a {@link RenderSession}, completes the step. Only the {@link RenderSpec} is persisted; after a
 * controller restart {@link #onResume()} opens a new session on the same build, whose store reports the frames
 * already archived so they are not rendered again. {@link #stop} cancels queued chunks and kills renderers on
 * every agent, then fails the step with the abort's cause.
 */
final class RenderFramesExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    /** How long an abort waits for agents to confirm before the step fails anyway (an agent may be unreachable). */
    private static final long STOP_GRACE_SECONDS = 30;

    private final RenderSpec spec;
    private transient volatile RenderSession session;
    private transient volatile Throwable stopCause;
    private transient volatile boolean detached;
    /** False again after a restart (transient), when the resumed step has not completed in this session yet. */
    private transient boolean completed;

    RenderFramesExecution(StepContext context, RenderSpec spec) {
        super(context);
        this.spec = spec;
    }

    @Override
    public boolean start() {
        // Snapshotting the scene is I/O; the CPS VM thread must not wait for it.
        Timer.get().submit(() -> open(false));
        return false;
    }

    @Override
    public void onResume() {
        Timer.get().submit(() -> open(true));
    }

    private void open(boolean resumed) {
        LiveRenders.add(this);
        try {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            if (run == null || listener == null) {
                throw new AbortException("renderFrames lost its build");
            }
            FilePath workspace = resumed || spec.sharedStorage ? null : getContext().get(FilePath.class);
            if (!resumed && !spec.sharedStorage && workspace == null) {
                throw new AbortException("renderFrames needs a workspace to take the scene from: call it inside node { }, "
                        + "or use a profile whose scenes are on shared storage");
            }
            session = RenderSession.open(spec, run, listener, workspace, resumed, this::finished);
            if (stopCause != null) {
                session.cancel("aborted");
            }
        } catch (Exception e) {
            complete(e);
        }
    }

    private void finished(JobResult result) {
        if (detached) {
            return; // shutting down: the resumed step finishes this render
        }
        if (result.state() == JobState.SUCCEEDED) {
            complete(null);
        } else if (result.state() == JobState.CANCELED && stopCause != null) {
            complete(stopCause);
        } else {
            complete(new AbortException("renderFrames " + result.state().name().toLowerCase(Locale.ROOT) + ": " + result.reason()));
        }
    }

    private void complete(Throwable failure) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        LiveRenders.remove(this);
        if (failure == null) {
            getContext().onSuccess(null);
        } else {
            getContext().onFailure(failure);
        }
    }

    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        RenderSession s = session;
        if (s != null) {
            s.cancel("aborted");
        }
        Timer.get().schedule(() -> complete(cause), s == null ? 0 : STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** Controller shutdown: stop everything here without touching the build, which the resumed step continues. */
    void detach() {
        detached = true;
        RenderSession s = session;
        if (s != null) {
            s.detach();
        }
    }

    @Override
    public String getStatus() {
        RenderSession s = session;
        return s == null ? "preparing the render" : s.status();
    }
}
