package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.renderfarm.StandInRenderer.StandIn;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The controller restarts in the middle of a render: the build resumes, frames archived before the restart are
 * kept and not rendered again, the rest are rendered and the build succeeds.
 */
class RestartResumeITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldResumeAfterARestartWithoutRenderingArchivedFramesAgain() throws Throwable {
        StandIn gated = standIn(tmp, "gated", 0, 3);
        sessions.then(r -> {
            r.jenkins.setNumExecutors(1);
            agent(r, "render-a", gated.program());
            configure(profile("pov", false));
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(pipeline("1-4"), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            await("frames 1 and 2 archived", 120, () -> {
                RenderProgressAction a = b.getAction(RenderProgressAction.class);
                return a != null && a.storedFrames().size() == 2;
            });
            await("frame 3 waiting at the gate", 60, () -> !gated.pids().isEmpty());
        });
        Files.createFile(gated.gate());
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitOnline((DumbSlave) r.jenkins.getNode("render-a"));
            r.assertBuildStatus(Result.SUCCESS, r.waitForCompletion(b));
            r.assertLogContains("resuming after a controller restart", b);
            r.assertLogContains("frame 1 already stored as ", b);
            r.assertLogContains("frame 2 already stored as ", b);
            List<String> calls = gated.invocations();
            assertThat(calls.stream().filter("frames 1-1"::equals).count(), is(1L));
            assertThat(calls.stream().filter("frames 2-2"::equals).count(), is(1L));
            assertThat(calls.contains("frames 4-4"), is(true));
            for (int f = 1; f <= 4; f++) {
                assertThat(b.getArtifactManager().root().child(String.format("renders/frame_%04d.png", f)).isFile(), is(true));
            }
        });
    }
}
