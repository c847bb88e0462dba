package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.jenkins.plugins.renderfarm.site.DelegatedJobAction;
import io.renderfarm.engine.site.api.Where;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Starts the render of a render job's build: the job's form, or the job another controller delegated here
 * ({@link DelegatedJobAction} on the build). A delegated job always renders here ({@code where=local}), so two
 * controllers can never pass a job back and forth, and only on the agents of the render job's own profile; one
 * canceled while its build was on its way to an executor stops before it renders.
 */
public final class RenderJobs {
    private RenderJobs() {
    }

    public static StepExecution start(StepContext context, Run<?, ?> run, RenderFlowDefinition form) throws Exception {
        RenderRequest r = new RenderRequest();
        r.profile = form.getProfile();
        DelegatedJobAction delegated = run.getAction(DelegatedJobAction.class);
        if (delegated != null) {
            String canceled = delegated.canceledBeforeStart();
            if (canceled != null) {
                throw new AbortException("renderJob: the delegated job was canceled before its build started: " + canceled);
            }
            r.scene = delegated.getScene();
            r.frames = delegated.getFrames();
            r.output = delegated.getOutputPrefix();
            r.submittedProfile = delegated.profile();
            r.filesDir = delegated.filesDir(run).getAbsolutePath();
            r.siteJobId = delegated.getSiteJobId();
            r.where = Where.LOCAL;
            return RenderStart.start(context, r, "renderJob");
        }
        boolean shared = RenderFarmConfiguration.get().profile(form.getProfile()).map(RenderProfile::isSharedStorage).orElse(true);
        if (!shared) {
            throw new AbortException("renderJob: profile '" + form.getProfile() + "' copies scenes from a workspace, "
                    + "which a render job does not have; pick a profile whose scenes are on shared storage");
        }
        r.scene = form.getScene();
        r.frames = form.getFrames();
        r.remote = form.getRemote();
        r.preview = form.isPreview();
        try {
            r.where = Where.fromWireName(form.getWhere());
        } catch (IllegalArgumentException e) {
            throw new AbortException("renderJob: " + e.getMessage());
        }
        return RenderStart.start(context, r, "renderJob");
    }
}
