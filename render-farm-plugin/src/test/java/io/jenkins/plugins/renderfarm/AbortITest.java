package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.alive;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;

import hudson.model.Queue;
import hudson.model.Result;
import io.jenkins.plugins.renderfarm.StandInRenderer.StandIn;
import io.jenkins.plugins.renderfarm.farm.ChunkTask;
import java.nio.file.Path;
import java.util.Arrays;
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

/** The build's abort button is the cancel: queued chunks leave the queue, renderers die on every agent. */
@WithJenkins
class AbortITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldKillTheRenderersOnTheAgentsAndEmptyTheQueueOnAbort(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        StandIn a = standIn(tmp, "slow-a", 300, 0);
        StandIn b = standIn(tmp, "slow-b", 300, 0);
        agent(r, "render-a", a.program());
        agent(r, "render-b", b.program());
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-10"), true));
        WorkflowRun run = p.scheduleBuild2(0).waitForStart();
        await("both renderers sleeping", 120, () -> a.pids().size() == 2 && b.pids().size() == 2);
        List<Long> pids = new java.util.ArrayList<>(a.pids());
        pids.addAll(b.pids());

        run.getExecutor().interrupt();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        await("renderer processes killed", 30, () -> pids.stream().noneMatch(RenderFarmFixtures::alive));
        await("no chunk left in the queue", 30, () -> Arrays.stream(Queue.getInstance().getItems())
                .noneMatch(i -> i.task instanceof ChunkTask));
        assertThat(pids.stream().filter(RenderFarmFixtures::alive).toList(), hasSize(0));
    }
}
