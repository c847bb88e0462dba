package io.jenkins.plugins.renderfarm.site;

import hudson.Extension;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.remote.JenkinsHttp;
import io.renderfarm.engine.event.JobProgress;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.callback.CallbackSender;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When a delegated build ends, posts the signed completion notice to the controller that sent the job (the
 * engine's {@link CallbackSender}: signed with the key that controller gave, retried with backoff, through Jenkins'
 * proxy settings), if it is still one of this controller's peers ({@link RenderFarmConfiguration#peers}; the
 * submit was refused otherwise). The sender polls as well, so a notice that never arrives only delays its result.
 */
@Extension
public final class CompletionNotifier extends RunListener<Run<?, ?>> {
    private static final Logger LOGGER = Logger.getLogger(CompletionNotifier.class.getName());
    private static final CallbackSender SENDER = new CallbackSender(CallbackSender.Backoff.DEFAULT, new CallbackSender.Outcome() {
        @Override
        public void delivered(String jobId, int attempts) {
            LOGGER.log(Level.FINE, "completion notice of {0} delivered after {1} attempt(s)", new Object[] {jobId, attempts});
        }

        @Override
        public void abandoned(String jobId, int attempts, String lastProblem) {
            LOGGER.log(Level.WARNING, "gave up the completion notice of {0} after {1} attempt(s): {2}",
                    new Object[] {jobId, attempts, lastProblem});
        }
    }, JenkinsHttp.CLIENTS, Clock.SYSTEM);

    @Override
    public void onCompleted(Run<?, ?> run, TaskListener listener) {
        DelegatedJobAction d = run.getAction(DelegatedJobAction.class);
        if (d == null || d.callbackUrl() == null || d.callbackSecret() == null) {
            return;
        }
        if (!RenderFarmConfiguration.get().peers().allows(d.callbackUrl())) {
            listener.getLogger().println("[render] not notifying the controller that sent this render: its callback URL"
                    + " is not one of this controller's peers any more; it learns the end by polling");
            return;
        }
        RenderProgressAction render = run.getAction(RenderProgressAction.class);
        JobProgress p = render == null ? new JobProgress() : render.getProgress();
        Result result = run.getResult();
        JobState state = result == Result.SUCCESS ? JobState.SUCCEEDED : result == Result.ABORTED ? JobState.CANCELED : JobState.FAILED;
        try {
            SENDER.send(URI.create(d.callbackUrl()), d.callbackSecret(), new CompletionNotice(d.getSiteJobId(), state,
                    p.getDone(), FrameSet.parse(d.getFrames()).size(), state == JobState.SUCCEEDED ? "" : "build " + result));
        } catch (IllegalArgumentException e) {
            listener.getLogger().println("[render] cannot notify the controller that sent this render: " + e.getMessage());
        }
    }
}
