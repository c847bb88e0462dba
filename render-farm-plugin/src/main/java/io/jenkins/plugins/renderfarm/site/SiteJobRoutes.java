package io.jenkins.plugins.renderfarm.site;

import hudson.model.Executor;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.AccessControlled;
import io.jenkins.plugins.renderfarm.remote.CallbackAction;
import io.renderfarm.engine.site.api.CancelRequest;
import io.renderfarm.engine.site.api.JobView;
import java.io.IOException;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code /api/jobs/{id}} and its actions: the job, its events, cancel ({@code Job/Cancel}), approve, and the
 * completion-notice callback. Every route but the callback finds the job through {@link SiteJobs#find}, which
 * checks {@code Job/Read}; the callback concerns a render this controller sent elsewhere, not a delegated build.
 */
final class SiteJobRoutes {
    private SiteJobRoutes() {
    }

    static void job(String id, StaplerResponse2 rsp) throws IOException {
        SiteHttp.json(rsp, 200, SiteViews.job(SiteJobs.find(id)));
    }

    static void events(String id, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        SiteEvents.stream(SiteJobs.find(id), req, rsp);
    }

    /**
     * Aborts the build, as its Abort button would, in the name of the caller; a job whose build has not started
     * leaves the queue, and is recorded canceled first, so a build already on its way stops before it renders.
     * The body's reason is optional; the build records who aborted it, as for any abort.
     */
    static void cancel(String id, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        SiteJobs.Found found = SiteJobs.find(id);
        WorkflowRun run = found.run();
        AccessControlled guard = run != null ? run : SiteJobs.siteJob();
        guard.checkPermission(Item.CANCEL);
        CancelRequest body = SiteHttp.body(req, CancelRequest.class);
        String reason = body == null || body.reason() == null || body.reason().isBlank()
                ? "canceled by the controller that delegated it" : body.reason().strip();
        if (run == null || run.isBuilding()) {
            SiteJobs.cancelBeforeStart(found, SiteHttp.abbreviate(reason)); // a finished job stays as it ended
        }
        if (run == null) {
            JobView view = SiteViews.job(SiteJobs.find(id));
            SiteHttp.json(rsp, view.state().isFinal() ? 200 : 202, view);
            return;
        }
        Executor executor = run.getExecutor();
        boolean running = run.isBuilding() && executor != null;
        if (running) {
            User user = User.current();
            executor.interrupt(Result.ABORTED, new CauseOfInterruption.UserInterruption(
                    user == null ? "the controller that delegated this render" : user.getId()));
        }
        SiteHttp.json(rsp, running ? 202 : 200, SiteViews.job(found));
    }

    /** Delegated renders never wait for approval on Jenkins: abort the build to stop one. */
    static void approve(String id) throws IOException {
        SiteJobs.Found found = SiteJobs.find(id);
        AccessControlled guard = found.run() != null ? found.run() : SiteJobs.siteJob();
        guard.checkPermission(Item.BUILD);
        throw SiteHttp.problem(409, "Conflict", "renders on Jenkins never wait for approval; abort the build to stop one");
    }

    /**
     * A remote's signed completion notice for a render this controller delegated, {@code {id}} being the render's
     * key as in {@code render-callback/<key>}. Checked exactly as there ({@link CallbackAction#receive}); this
     * route only answers callers Jenkins already let in, so renders give remotes the unprotected
     * {@code render-callback/} URL instead.
     */
    static void callback(String key, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        CallbackAction.receive(key, req);
        rsp.setStatus(204);
    }
}
