package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import hudson.model.Queue;
import hudson.model.Result;
import io.jenkins.plugins.renderfarm.StandInRenderer.StandIn;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.RealJenkinsExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Delegation between two Jenkins controllers with this plugin: the test's {@link JenkinsRule} is the local
 * controller, a second Jenkins in its own JVM ({@link PeerController}) the remote, reached at its
 * {@code render-site/} with a user name and API token (HTTP Basic, no crumb). {@code where: 'remote'} renders on
 * the remote's agent and brings every frame back, checked by SHA-256, into the local build's artifacts;
 * {@code auto} goes to the remote while the local agent is busy; aborting the local build aborts the remote build
 * and kills its renderer. Renders use the scripted POV-Ray stand-in, so neither Blender nor POV-Ray is needed.
 */
@WithJenkins
class JenkinsPeerDelegationITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final RealJenkinsExtension remoteJenkins = new RealJenkinsExtension().withName("remote");

    @TempDir
    Path tmp;

    private static RenderProfile pov() {
        RenderProfile p = RenderFarmFixtures.profile("pov", false);
        p.setRemoteWaitSeconds(0);
        return p;
    }

    private static WorkflowJob project(JenkinsRule r, String frames, String where) throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('built-in') {\n"
                + "  writeFile file: 'shots/ball.pov', text: '''" + RenderFarmFixtures.SCENE + "'''\n"
                + "  renderFrames scene: 'shots/ball.pov', frames: '" + frames + "', profile: 'pov', where: '" + where + "'\n"
                + "}\n", true));
        return p;
    }

    /**
     * A peer whose agent renders with {@code renderer}, configured here as the remote controller {@code peer}, with
     * this controller as its callback peer.
     */
    private PeerController peer(JenkinsRule r, StandIn renderer) throws Exception {
        PeerController peer = new PeerController(remoteJenkins);
        peer.start(renderer.program(), r.getURL());
        peer.configureAsRemoteHere();
        return peer;
    }

    @Test
    void shouldRenderOnThePeersAgentAndBringTheFramesBack(JenkinsRule r) throws Exception {
        StandIn remoteRenderer = standIn(tmp, "remote-povray", 0, 0);
        PeerController peer = peer(r, remoteRenderer);
        r.jenkins.setNumExecutors(1);
        configure(pov());

        WorkflowRun b = r.buildAndAssertSuccess(project(r, "1-3", "remote"));

        r.assertLogContains("rendering remote: where=remote was asked", b);
        RenderProgressAction action = b.getAction(RenderProgressAction.class);
        assertThat(action.getProgress().getWhere(), is("remote"));
        assertThat(action.getRemoteJobId(), notNullValue());
        SiteClient remote = peer.client();
        assertThat(remote.job(action.getRemoteJobId()).state().name(), is("SUCCEEDED"));
        assertThat(remoteRenderer.invocations(), not(empty())); // the remote's agent ran the renderer
        assertThat(peer.siteBuildHasArtifact(1, "renders/frame_0003.png"), is(true));
        List<FrameView> frames = remote.frames(action.getRemoteJobId()).frames();
        assertThat(frames.size(), is(3));
        for (FrameView f : frames) {
            VirtualFile local = b.getArtifactManager().root().child("renders/" + f.file());
            assertThat(f.file() + " archived here", local.isFile(), is(true));
            try (InputStream in = local.open()) {
                assertThat(f.file() + " is the remote's frame", FrameVerifier.sha256(in), is(f.sha256()));
            }
            assertThat(f.file() + " has the dimensions the peer verified", f.width(), is(32));
            assertThat(f.height(), is(24));
            StoredEntry here = action.storedFrames().get(f.frame());
            assertThat(f.file() + " recorded here with the peer's dimensions", here.getWidth(), is(32));
            assertThat(here.getHeight(), is(24));
        }
    }

    @Test
    void shouldGoToThePeerOnAutoWhileTheLocalAgentIsBusy(JenkinsRule r) throws Exception {
        PeerController peer = peer(r, standIn(tmp, "remote-povray", 0, 0));
        r.jenkins.setNumExecutors(1);
        StandIn localRenderer = standIn(tmp, "local-povray", 0, 0);
        agent(r, "render-local", localRenderer.program());
        configure(pov());
        WorkflowJob busy = r.jenkins.createProject(WorkflowJob.class, "busy");
        busy.setDefinition(new CpsFlowDefinition("node('povray') { semaphore 'busy' }", true));
        WorkflowRun hog = busy.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("busy/1", hog);
        WorkflowJob waiting = r.jenkins.createProject(WorkflowJob.class, "waiting");
        waiting.setDefinition(new CpsFlowDefinition("node('povray') { echo 'my turn' }", true));
        waiting.scheduleBuild2(0);
        await("a build queued for the busy agent", 30, () -> !Queue.getInstance().getBuildableItems().isEmpty());

        WorkflowRun b = r.buildAndAssertSuccess(project(r, "1-3", "auto"));

        r.assertLogContains("rendering remote: local slots busy", b);
        assertThat(b.getArtifactManager().root().child("renders/frame_0003.png").isFile(), is(true));
        assertThat(localRenderer.invocations(), is(empty()));
        assertThat(peer.client().job(b.getAction(RenderProgressAction.class).getRemoteJobId()).state().name(), is("SUCCEEDED"));
        SemaphoreStep.success("busy/1", null);
    }

    @Test
    void shouldAbortTheRemoteBuildWhenTheLocalBuildIsAborted(JenkinsRule r) throws Exception {
        StandIn remoteRenderer = standIn(tmp, "remote-povray", 300, 0);
        PeerController peer = peer(r, remoteRenderer);
        r.jenkins.setNumExecutors(1);
        configure(pov());
        WorkflowRun b = project(r, "1-6", "remote").scheduleBuild2(0).waitForStart();
        RenderProgressAction[] action = new RenderProgressAction[1];
        await("the peer to accept the job", 90, () -> {
            action[0] = b.getAction(RenderProgressAction.class);
            return action[0] != null && action[0].getRemoteJobId() != null;
        });
        await("the peer's agent to render", 120, () -> !remoteRenderer.pids().isEmpty());
        List<Long> renderer = remoteRenderer.pids();

        b.getExecutor().interrupt();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        SiteClient remote = peer.client();
        String remoteJob = action[0].getRemoteJobId();
        await("the remote job to be canceled", 90, () -> remote.job(remoteJob).state().name().equals("CANCELED"));
        await("the remote build to end aborted", 90, () -> "ABORTED".equals(peer.siteBuildResult(1)));
        await("the remote renderer to be killed", 60, () -> renderer.stream().noneMatch(RenderFarmFixtures::alive));
    }
}
