package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jenkins.util.VirtualFile;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
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
 * renderFrames across two labelled agents: with real POV-Ray and a tiny scene when the machine has it, with the
 * scripted stand-in otherwise. Checks the archived frames, that both agents rendered, and the samples JSON.
 */
@WithJenkins
class RenderFramesITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    private Path povray(String name) throws Exception {
        return TestScenes.hasPovray() ? null : standIn(tmp, name, 0, 0).program();
    }

    @Test
    void shouldRenderAcrossTwoAgentsFromTheWorkspace(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", povray("a"));
        agent(r, "render-b", povray("b"));
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-6"), true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        VirtualFile root = b.getArtifactManager().root();
        for (int f = 1; f <= 6; f++) {
            assertThat("frame " + f, root.child(String.format("renders/frame_%04d.png", f)).isFile(), is(true));
        }
        r.assertLogContains("on render-a#0", b);
        r.assertLogContains("on render-b#0", b);

        JSONObject data = r.createWebClient().getJSON("job/p/1/render-1/progress").getJSONObject().getJSONObject("data");
        assertThat(data.getString("state"), is("SUCCEEDED"));
        assertThat(data.getInt("done"), is(6));
        assertThat(data.getInt("total"), is(6));
        assertThat(data.getJSONObject("status").getString("6"), is("done"));
        List<String> kinds = new ArrayList<>();
        JSONArray samples = data.getJSONArray("samples");
        for (int i = 0; i < samples.size(); i++) {
            JSONObject sample = samples.getJSONObject(i);
            kinds.add(sample.getString("kind"));
            assertThat(root.child(sample.getString("path")).isFile(), is(true));
        }
        assertThat(kinds.stream().filter("thumbnail"::equals).count(), greaterThanOrEqualTo(1L));
        assertThat(kinds.contains("contact-sheet"), is(true));
        String page = r.createWebClient().goTo("job/p/1/render-1/").asNormalizedText();
        assertThat(page.contains("Render shots/ball.pov"), is(true));
    }

    @Test
    void shouldRenderEveryChunkOfABlenderShotOnAnExecutorWithOneResidentBlender(JenkinsRule r) throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        // The agent's Blender is a wrapper that logs every start, then runs the real one in its place.
        Path starts = tmp.resolve("blender-starts.log");
        Path blender = tmp.resolve("bin/blender");
        Files.createDirectories(blender.getParent());
        // One line per Blender started to render: an argument that is exactly --python-expr, whatever the
        // multi-line script after it says, and none that is --factory-startup (the probe's --version is not a
        // render, nor its question for Blender's formats, asked with a factory start).
        Files.writeString(blender, "#!/bin/sh\nrender=; probe=\nfor a in \"$@\"; do [ \"$a\" = --python-expr ] && render=1;"
                + " [ \"$a\" = --factory-startup ] && probe=1; done\n[ -n \"$render\" ] && [ -z \"$probe\" ] && echo start >> '"
                + starts + "'\nexec blender \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(blender, PosixFilePermissions.fromString("rwxr-xr-x"));
        agent(r, "render-b", "blender", blender);
        RenderProfile shot = new RenderProfile("shot", "blender");
        shot.setChunkSize(1);
        shot.setPreview(null);
        shot.setSharedStorage(true);
        configure(shot);
        Path scene = TestScenes.blenderScene(tmp.resolve("shared"), "shot", 1, 4, 32, 24, 2);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "renderFrames scene: '" + scene + "', frames: '1-4', profile: 'shot', artifactDir: 'renders'", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        for (int frame = 1; frame <= 4; frame++) {
            assertThat(b.getArtifactManager().root().child(String.format("renders/frame_%04d.png", frame)).isFile(), is(true));
        }
        List<String> renderStarts = Files.readAllLines(starts, StandardCharsets.UTF_8);
        assertThat("four single-frame chunks, one Blender start: " + renderStarts, renderStarts.size(), is(1));
    }

    @Test
    void shouldArchiveAnOpenExrMultilayerScenesOwnFramesWithThumbnailsAndTheMovie(JenkinsRule r) throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        agent(r, "render-b", "blender", null);
        RenderProfile shot = new RenderProfile("shot", "blender");
        shot.setChunkSize(1);
        shot.setPreview(null);
        shot.setSharedStorage(true);
        configure(shot);
        Path scene = TestScenes.blenderScene(tmp.resolve("shared"), "ml", 1, 3, 32, 24, 1,
                new TestScenes.Output("OPEN_EXR_MULTILAYER", "16", "ZIP", "//render/ml_###", 24));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "renderFrames scene: '" + scene + "', frames: '1-3', profile: 'shot', artifactDir: 'renders'", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        VirtualFile root = b.getArtifactManager().root();
        for (int frame = 1; frame <= 3; frame++) {
            VirtualFile exr = root.child(String.format("renders/frame_%03d.exr", frame));
            assertThat("frame " + frame, exr.isFile(), is(true));
            Path copy = tmp.resolve("frame-" + frame + ".exr");
            try (var in = exr.open()) {
                Files.copy(in, copy);
            }
            assertThat(new FrameVerifier().verifyAndDecode(copy).exr().colourLayer(), is("ViewLayer.Combined"));
        }
        if (Ffprobe.present()) {
            assertThat(root.child("renders/samples/thumb_frame_003.png").isFile(), is(true));
            Path movie = tmp.resolve("preview.mp4");
            try (var in = root.child("renders/samples/preview.mp4").open()) {
                Files.copy(in, movie);
            }
            assertThat(Ffprobe.frames(movie), is(3));
            String page = r.createWebClient().goTo("job/p/1/render-1/").asXml();
            assertThat(page.contains("renderfarm-movie-box"), is(true));
        }
    }

    @Test
    void shouldReadTheSceneFromSharedStorage(JenkinsRule r) throws Exception {
        agent(r, "render-a", povray("a"));
        configure(profile("shared", true));
        Path scene = tmp.resolve("shared/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "renderFrames scene: '" + scene + "', frames: '1-3', profile: 'shared', artifactDir: 'renders/shared'", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        assertThat(b.getArtifactManager().root().child("renders/shared/frame_0003.png").isFile(), is(true));
        r.assertLogContains("finished SUCCEEDED: 3/3 frames", b);
    }

    @Test
    void shouldRenderFromADeclarativePipelineAndRefuseAnUnknownProfile(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", povray("a"));
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(String.join("\n",
                "pipeline {",
                "  agent { label 'built-in' }",
                "  stages {",
                "    stage('render') {",
                "      steps {",
                "        writeFile file: 'shots/ball.pov', text: '''" + RenderFarmFixtures.SCENE + "'''",
                "        renderFrames scene: 'shots/ball.pov', frames: '1-2', profile: 'pov'",
                "      }",
                "    }",
                "  }",
                "}"), true));
        r.buildAndAssertSuccess(p);

        p.setDefinition(new CpsFlowDefinition("renderFrames scene: '/x.pov', frames: '1', profile: 'nope'", true));
        WorkflowRun failed = r.buildAndAssertStatus(hudson.model.Result.FAILURE, p);
        r.assertLogContains("no render profile 'nope'", failed);
    }
}
