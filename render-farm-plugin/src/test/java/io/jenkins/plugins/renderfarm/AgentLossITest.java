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
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * An agent lost in the middle of a chunk: the chunk is retried on the other agent, the log says the agent
 * disconnected and why in one line, the loss does not blocklist the agent, and the build succeeds.
 */
@WithJenkins
class AgentLossITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldRetryTheChunkOfALostAgentElsewhere(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        StandIn hanging = standIn(tmp, "hanging", 300, 0);
        StandIn healthy = standIn(tmp, "healthy", 0, 0);
        DumbSlave a = agent(r, "render-a", hanging.program());
        agent(r, "render-b", healthy.program());
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-4"), true));
        WorkflowRun run = p.scheduleBuild2(0).waitForStart();
        await("a chunk hanging on render-a", 120, () -> hanging.pids().size() == 2);
        List<Long> pids = hanging.pids();

        r.disconnectSlave(a);

        r.assertBuildStatus(Result.SUCCESS, r.waitForCompletion(run));
        r.assertLogContains("failed on render-a#0: agent render-a disconnected: ", run);
        r.assertLogContains("(will retry)", run);
        r.assertLogNotContains(" created at", run); // Remoting's marker of where a close began is no reason
        r.assertLogNotContains("blocklisted", run); // a lost agent is not a failing one
        for (int f = 1; f <= 4; f++) {
            assertThat(run.getArtifactManager().root().child(String.format("renders/frame_%04d.png", f)).isFile(), is(true));
        }
        await("the lost agent's renderer gone", 30, () -> pids.stream().noneMatch(RenderFarmFixtures::alive));
    }
}
