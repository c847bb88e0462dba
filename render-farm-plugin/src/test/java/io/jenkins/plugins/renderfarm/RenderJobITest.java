package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A render job configured through its form renders its frames as artifacts and shows the samples page. */
@WithJenkins
class RenderJobITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldRenderFramesOfARenderJobConfiguredByItsForm(JenkinsRule r) throws Exception {
        agent(r, "render-a", TestScenes.hasPovray() ? null : standIn(tmp, "a", 0, 0).program());
        configure(profile("shared", true));
        Path scene = tmp.resolve("shared/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "sh010");
        RenderFlowDefinition form = new RenderFlowDefinition(scene.toString(), "1-3", "shared");
        form.setPreview(false);
        p.setDefinition(form);

        p = r.configRoundtrip(p); // the configure page's form, submitted as a person would
        RenderFlowDefinition saved = (RenderFlowDefinition) p.getDefinition();
        assertThat(saved.getFrames(), is("1-3"));
        assertThat(saved.getProfile(), is("shared"));
        assertThat(saved.getWhere(), is("local"));

        WorkflowRun b = r.buildAndAssertSuccess(p);
        for (int f = 1; f <= 3; f++) {
            assertThat(b.getArtifactManager().root().child(String.format("renders/frame_%04d.png", f)).isFile(), is(true));
        }
        r.assertLogContains("rendering local: where=local was asked", b);
        JSONObject data = r.createWebClient().getJSON("job/sh010/1/render-1/progress").getJSONObject().getJSONObject("data");
        assertThat(data.getString("state"), is("SUCCEEDED"));
        assertThat(data.getInt("done"), is(3));
        assertThat(data.getString("where"), is("local"));
    }
}
