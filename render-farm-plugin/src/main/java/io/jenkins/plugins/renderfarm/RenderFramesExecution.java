package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.farm.BuildIdentity;
import io.jenkins.plugins.renderfarm.farm.JobFiles;
import io.jenkins.plugins.renderfarm.progress.BuildEventSink;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.remote.CallbackAction;
import io.jenkins.plugins.renderfarm.remote.RemoteRender;
import io.jenkins.plugins.renderfarm.remote.RemoteSites;
import io.jenkins.plugins.renderfarm.remote.Placement;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.api.Decision;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * The running render ({@code renderFrames} or a render job). Asynchronous: {@link #start()} returns at once; on
 * a thread of its own ({@link #PREPARING}), as the build's {@link BuildIdentity} taken when the step started, the
 * render is placed ({@link Placement}: this controller's agents or a remote controller, the decision and its reason
 * recorded on the build) and opened as a {@link RenderSession} or a {@link RemoteRender}, whose end completes the
 * step; taking the job files, hashing them and asking remotes for offers all happen there, never on Jenkins'
 * shared timer threads nor as the system. Only the {@link RenderSpec} and the identity are persisted here (the
 * build's action keeps the decision and the remote job id); after a controller restart {@link #onResume()} opens a
 * new session on the same build that skips frames already archived, or re-attaches to the remote job.
 * {@link #stop} cancels: queued chunks and renderers on every agent, or the remote job; then it fails the step
 * with the abort's cause. It is idempotent and returns at once, also before the render was opened, which then
 * never opens.
 */
final class RenderFramesExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    /** How long an abort waits for agents to confirm before the step fails anyway (an agent may be unreachable). */
    private static final long STOP_GRACE_SECONDS = 30;
    /** Where renders are prepared: I/O and remote calls that may take a while, so not Jenkins' shared timer. */
    private static final ExecutorService PREPARING = Executors.newCachedThreadPool(
            new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "renderFrames preparation"));

    private final RenderSpec spec;
    /** Null in an execution saved before identities were kept: it ran as the system, and goes on so. */
    private final BuildIdentity identity;
    private transient volatile RenderHandle session;
    /** Guarded by this; volatile for {@link #finished}, which reads it on the render's thread. */
    private transient volatile Throwable stopCause;
    private transient volatile boolean detached;
    /** False again after a restart (transient), when the resumed step has not completed in this session yet. */
    private transient boolean completed;

    /** @param identity whom the build runs as; taken on the Pipeline's thread, where the step starts */
    RenderFramesExecution(StepContext context, RenderSpec spec, BuildIdentity identity) {
        super(context);
        this.spec = spec;
        this.identity = identity;
    }

    @Override
    public boolean start() {
        // Snapshotting the scene is I/O; the CPS VM thread must not wait for it.
        prepare(false);
        return false;
    }

    @Override
    public void onResume() {
        prepare(true);
    }

    private BuildIdentity identity() {
        return identity == null ? BuildIdentity.SYSTEM : identity;
    }

    @SuppressWarnings("try") // the context is only closed, never read
    private void prepare(boolean resumed) {
        PREPARING.submit(() -> {
            Authentication as;
            try {
                as = identity().authentication();
            } catch (RuntimeException e) {
                complete(e); // the security realm failed to say who the user is: better no render than one as someone else
                return;
            }
            try (ACLContext ignored = ACL.as2(as)) {
                open(resumed);
            }
        });
    }

    private void open(boolean resumed) {
        synchronized (this) {
            if (stopCause != null) {
                return; // stopped before it opened: stop() completes the step
            }
            LiveRenders.add(this);
        }
        try {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            if (run == null || listener == null) {
                throw new AbortException("renderFrames lost its build");
            }
            RenderProgressAction action = RenderProgressAction.find(run, spec.actionIndex);
            if (action == null) {
                throw new AbortException("the build has no record of render " + spec.actionIndex + "; it cannot continue");
            }
            Placement.Placed placed = resumed ? resumedPlacement(action, run) : place(action, run, listener);
            boolean needsWorkspace = !resumed && !spec.sharedStorage && spec.filesDir == null;
            FilePath workspace = needsWorkspace ? getContext().get(FilePath.class) : null;
            if (needsWorkspace && workspace == null) {
                throw new AbortException("renderFrames needs a workspace to take the scene from: call it inside node { }, "
                        + "or use a profile whose scenes are on shared storage");
            }
            JobFiles files = RenderSession.files(spec, run, listener, workspace, resumed, placed.site() != null);
            RenderHandle opened = placed.site() == null
                    ? RenderSession.open(spec, run, listener, action, files, identity(), resumed, this::finished)
                    : openRemote(placed, run, listener, action, files, resumed);
            boolean stopped;
            synchronized (this) {
                session = opened;
                stopped = stopCause != null;
            }
            if (detached) {
                opened.detach(); // the controller began shutting down while this was being opened
            } else if (stopped) {
                opened.cancel("aborted");
            }
        } catch (Exception e) {
            complete(e);
        }
    }

    /** Decides where the render goes and records the decision and its reason on the build. */
    private Placement.Placed place(RenderProgressAction action, Run<?, ?> run, TaskListener listener) throws AbortException {
        Placement.Placed placed = Placement.decide(spec.whereAsked(), spec.remote, spec.labelExpression, spec.profile(),
                spec.cloudRequests > 0, run);
        Decision d = placed.decision();
        new BuildEventSink(action, listener)
                .accept(new JobEvent.Decision(0, spec.jobId, d.where().wireName(), d.reason(), d.site()));
        return placed;
    }

    /** After a restart the decision stands: a render that went remote re-attaches to the same remote job. */
    private Placement.Placed resumedPlacement(RenderProgressAction action, Run<?, ?> run) throws AbortException {
        if (!"remote".equals(action.getProgress().getWhere())) {
            return new Placement.Placed(null, null, null);
        }
        String name = action.getRemoteName() == null ? spec.remote : action.getRemoteName();
        RemoteController controller = RenderFarmConfiguration.get().remoteController(name).orElseThrow(() ->
                new AbortException("the remote controller '" + name + "' this render was sent to is no longer configured"));
        return new Placement.Placed(null, RemoteSites.site(controller, run), controller.getName());
    }

    private RenderHandle openRemote(Placement.Placed placed, Run<?, ?> run, TaskListener listener, RenderProgressAction action,
                                    JobFiles files, boolean resumed) throws IOException {
        String root = Jenkins.get().getRootUrl();
        URI callback = root == null ? null : URI.create(root + CallbackAction.URL_NAME + "/" + spec.jobKey);
        String key = callback == null ? null : CallbackSignature.jobKey(RenderFarmConfiguration.get().callbackSecret(), spec.jobId);
        if (callback == null) {
            listener.getLogger().println("[render] no Jenkins URL is configured, so the remote cannot notify this "
                    + "controller; it is polled instead");
        }
        RemoteRender.Spec remoteSpec = new RemoteRender.Spec(spec.jobId, spec.jobKey, spec.frames, spec.outputPrefix,
                spec.artifactDir, spec.profile(), RenderSession.dir(spec, run));
        return RemoteRender.open(remoteSpec, placed.site(), placed.remoteName(), run, listener, action, files,
                resumed, callback, key, this::finished);
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
        LiveRenders.remove(this);
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        if (failure == null) {
            getContext().onSuccess(null);
        } else {
            getContext().onFailure(failure);
        }
    }

    @Override
    public void stop(Throwable cause) {
        RenderHandle s;
        Throwable first;
        synchronized (this) {
            if (stopCause == null) {
                stopCause = cause;
            }
            first = stopCause;
            s = session;
        }
        if (s != null) {
            s.cancel("aborted");
        }
        Timer.get().schedule(() -> complete(first), s == null ? 0 : STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** Controller shutdown: stop everything here without touching the build, which the resumed step continues. */
    void detach() {
        detached = true;
        RenderHandle s = session;
        if (s != null) {
            s.detach();
        }
    }

    @Override
    public String getStatus() {
        RenderHandle s = session;
        return s == null ? "preparing the render" : s.status();
    }
}
