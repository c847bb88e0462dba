package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.awaitLabel;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import hudson.model.Computer;
import hudson.model.Queue;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import io.jenkins.plugins.renderfarm.agents.RenderToolsProperty;
import io.jenkins.plugins.renderfarm.agents.RendererLocation;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.farm.ChunkTask;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

/**
 * What a render does with agents that are away or failing: while the only capable agent is offline its chunks
 * wait in the Jenkins queue, saying why, as {@code node(label)} would, and render once it is back; an agent that
 * keeps failing is blocklisted as a whole, after the profile's threshold of failures on any of its executors.
 */
@WithJenkins
class AgentAvailabilityITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldWaitInTheQueueSayingWhyWhileTheOnlyAgentIsOffline(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        DumbSlave a = agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        Computer computer = a.toComputer();
        computer.setTemporaryOfflineCause(new OfflineCause.ByCLI("maintenance"));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-2"), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await("a chunk waiting in the queue", 120, () -> chunksQueued().size() >= 1);
        Queue.Item waiting = chunksQueued().get(0);
        assertThat(waiting.getWhy(), containsString("offline"));
        assertThat(b.getAction(RenderProgressAction.class).getProgress().getDone(), is(0));

        computer.setTemporaryOfflineCause(null);

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        assertThat(b.getArtifactManager().root().child("renders/frame_0002.png").isFile(), is(true));
    }

    @Test
    void shouldBlocklistAnAgentWithAllItsExecutors(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        DumbSlave bad = new DumbSlave("render-bad", new File(r.jenkins.getRootDir(), "agent-work-dirs/render-bad").getAbsolutePath(),
                r.createComputerLauncher(null));
        bad.setNumExecutors(2);
        bad.getNodeProperties().add(new RenderToolsProperty(List.of(new RendererLocation("povray", failing().toString()))));
        r.jenkins.addNode(bad);
        r.waitOnline(bad);
        awaitLabel(bad, "povray");
        agent(r, "render-good", standIn(tmp, "povray", 0, 0).program());
        RenderProfile pov = profile("pov", false);
        pov.setBlocklistThreshold(2);
        pov.setRetries(5);
        configure(pov);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-6"), true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        String log = JenkinsRule.getLog(b);
        assertThat(log, containsString("render-bad blocklisted for this job: 2 failures"));
        assertThat(log.contains("render-bad#0 blocklisted") || log.contains("render-bad#1 blocklisted"), is(false));
        long failuresOnBad = Arrays.stream(log.split("\n")).filter(l -> l.contains("failed on render-bad#")).count();
        // Per executor it would take 2 failures on each; per agent at most one more starts between the two.
        assertThat(failuresOnBad, lessThanOrEqualTo(3L));
    }

    private static List<Queue.Item> chunksQueued() {
        return Arrays.stream(Queue.getInstance().getItems()).filter(i -> i.task instanceof ChunkTask).toList();
    }

    /** A POV-Ray that answers the probe but fails every render, as a broken installation would. */
    private Path failing() throws Exception {
        Path script = tmp.resolve("broken-povray.sh");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "if [ \"$1\" = \"--version\" ]; then echo 'POV-Ray 3.7.0.10.unofficial'; exit 0; fi",
                "echo 'Fatal error in parser: broken installation' >&2",
                "exit 3", ""), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
