package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.renderfarm.engine.site.client.SiteClient;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Delegation from Jenkins to a standalone render site (the {@code renderfarm serve} of this repository, started as
 * a process; the test is skipped when {@code render-server/target/renderfarm.jar} has not been built):
 * {@code where: 'remote'}, {@code auto} with the local agents busy, and an abort that reaches the remote job.
 */
@WithJenkins
class DelegationITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;
    private StandaloneSite site;

    @AfterEach
    void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    /** Starts the site with a POV-Ray stand-in on its PATH that sleeps {@code sleep} seconds per frame. */
    private void startSite(JenkinsRule r, int sleep) throws Exception {
        site = StandaloneSite.start(r, tmp, sleep);
    }

    private static RenderProfile pov() {
        RenderProfile p = RenderFarmFixtures.profile("pov", false);
        p.setRemoteWaitSeconds(0);
        return p;
    }

    private static String pipeline(String frames, String where) {
        return "node('built-in') {\n"
                + "  writeFile file: 'shots/ball.pov', text: '''" + RenderFarmFixtures.SCENE + "'''\n"
                + "  renderFrames scene: 'shots/ball.pov', frames: '" + frames + "', profile: 'pov', where: '" + where + "'\n"
                + "}\n";
    }

    @Test
    void shouldRenderOnTheRemoteSiteAndBringTheFramesBack(JenkinsRule r) throws Exception {
        startSite(r, 0);
        r.jenkins.setNumExecutors(1);
        configure(pov());
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-4", "remote"), true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        for (int f = 1; f <= 4; f++) {
            assertThat(b.getArtifactManager().root().child(String.format("renders/frame_%04d.png", f)).isFile(), is(true));
        }
        r.assertLogContains("rendering remote: where=remote was asked", b);
        RenderProgressAction action = b.getAction(RenderProgressAction.class);
        assertThat(action.getProgress().getWhere(), is("remote"));
        assertThat(site.client().job(action.getRemoteJobId()).state().name(), is("SUCCEEDED"));
        // The site took the job with this Jenkins' callback URL (a peer's) and posted the notice; whether it arrived
        // before the build ended on the event stream (204) or after (401: no render waits any more) is a race.
        await("the site to post its completion notice to this Jenkins", 60,
                () -> site.log().matches("(?s).*completion notice (delivered|not delivered).*"));
    }

    @Test
    void shouldGoRemoteOnAutoWhileTheLocalAgentIsBusy(JenkinsRule r) throws Exception {
        startSite(r, 0);
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", standIn(tmp, "local-povray", 0, 0).program());
        configure(pov());
        WorkflowJob busy = r.jenkins.createProject(WorkflowJob.class, "busy");
        busy.setDefinition(new CpsFlowDefinition("node('povray') { semaphore 'busy' }", true));
        WorkflowRun hog = busy.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("busy/1", hog);
        WorkflowJob waiting = r.jenkins.createProject(WorkflowJob.class, "waiting");
        waiting.setDefinition(new CpsFlowDefinition("node('povray') { echo 'my turn' }", true));
        waiting.scheduleBuild2(0);
        await("a build queued for the busy agent", 30, () -> hudson.model.Queue.getInstance().getBuildableItems().size() > 0);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-3", "auto"), true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("rendering remote: local slots busy", b);
        assertThat(b.getArtifactManager().root().child("renders/frame_0003.png").isFile(), is(true));
        SemaphoreStep.success("busy/1", null);
    }

    @Test
    void shouldCancelTheRemoteJobOnAbort(JenkinsRule r) throws Exception {
        startSite(r, 300);
        r.jenkins.setNumExecutors(1);
        configure(pov());
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-6", "remote"), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        RenderProgressAction[] action = new RenderProgressAction[1];
        await("the remote job to be accepted", 60, () -> {
            action[0] = b.getAction(RenderProgressAction.class);
            return action[0] != null && action[0].getRemoteJobId() != null;
        });
        SiteClient client = site.client();
        await("the remote job to render", 60, () -> client.job(action[0].getRemoteJobId()).state().name().equals("RUNNING"));

        b.getExecutor().interrupt();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        await("the remote job to be canceled", 60,
                () -> client.job(action[0].getRemoteJobId()).state().name().equals("CANCELED"));
    }
}
