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
import hudson.model.Run;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.renderfarm.engine.event.JobEvent;
import java.io.File;
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
 * What a restart finds of a render that was still being prepared: a copy of the job files not marked complete is
 * refused with a clear reason rather than rendered from; and a render's record saved by an older plugin, without
 * the fields added since, reads with their defaults.
 */
class RestartWhilePreparingITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldRefuseAfterARestartACopyOfTheJobFilesNotMarkedComplete() throws Throwable {
        Path povray = standIn(tmp, "povray", 0, 0).program();
        sessions.then(r -> {
            r.jenkins.setNumExecutors(1);
            DumbSlave a = agent(r, "render-a", povray);
            a.toComputer().setTemporaryOfflineCause(new OfflineCause.ByCLI("away")); // the render waits after the copy
            configure(profile("pov", false));
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(pipeline("1-2"), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            File complete = new File(b.getRootDir(), "renderfarm/b1-r1/files.complete");
            await("the job files copied and marked complete", 60, complete::isFile);
            // As if the controller had stopped in the middle of the copy, before the mark was written:
            Files.delete(complete.toPath());
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
            r.assertLogContains("the controller restarted while it was still copying the job files", b);
        });
    }

    @Test
    void shouldReadARenderRecordSavedBeforeLaterFieldsExisted() throws Throwable {
        sessions.then(r -> {
            String saved = "<io.jenkins.plugins.renderfarm.progress.RenderProgressAction>"
                    + "<index>1</index><scene>shots/ball.pov</scene><profile>pov</profile><artifactDir>renders</artifactDir>"
                    + "<progress><frames class=\"java.util.concurrent.ConcurrentHashMap\"><entry><int>1</int><string>done</string></entry></frames>"
                    + "<frameSpec>1-2</frameSpec><state>RUNNING</state><total>2</total><done>1</done></progress>"
                    + "</io.jenkins.plugins.renderfarm.progress.RenderProgressAction>";

            RenderProgressAction action = (RenderProgressAction) Run.XSTREAM2.fromXML(saved);
            action.apply(new JobEvent.ChunkFailed(1, "b1-r1", 2, "render-a#0", "lost", true, "2", "slot", null));

            assertThat(action.storedFrames().isEmpty(), is(true));
            assertThat(action.getProgress().getDone(), is(1));
            assertThat(action.getProgress().getWhere(), is(""));
            assertThat(((List<?>) action.getProgress().snapshot().get("notes")).size(), is(1));
        });
    }
}
