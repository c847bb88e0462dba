package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.model.Result;
import io.renderfarm.engine.testing.TestScenes;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Why a frame failed, from the build alone: a POV-Ray scene with a syntax error fails the build at once as a scene
 * error (no retry, no agent blocklisted), the build log shows the failed attempt's last lines under the path of its
 * archived log, and the render page's JSON links every attempt's log among the build's artifacts. Real POV-Ray.
 */
@WithJenkins
class ChunkLogITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String BROKEN = String.join("\n",
            "// renderfarm: width=32 height=24",
            "camera { location <0, 1, -4> look_at <0, 0, 0> }",
            "light_source { <2, 4, -3> color rgb 1 }",
            "sphere { <0, 0, 0>, 1 pigment { color rgb <1, 0, 0> }",
            "plane { y, -1 pigment { color rgb 0.8 } }",
            "");

    @Test
    void shouldFailAtOnceOnASceneErrorShowingTheFailedAttemptsLastLinesAndLinkingEveryLog(JenkinsRule r) throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", null);
        agent(r, "render-b", null);
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('built-in') {\n"
                + "  writeFile file: 'shots/broken.pov', text: '''" + BROKEN + "'''\n"
                + "  renderFrames scene: 'shots/broken.pov', frames: '1-4', profile: 'pov', artifactDir: 'renders'\n"
                + "}\n", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("scene error: ", b);
        r.assertLogContains("Parse Error: No matching } in 'sphere', plane found instead", b);
        r.assertLogContains("log: renders/logs/chunk-", b);
        r.assertLogContains("[render]     | Fatal error in parser: Cannot parse input.", b);
        r.assertLogNotContains("blocklisted", b);
        r.assertLogNotContains("(will retry)", b);
        JSONObject data = r.createWebClient().getJSON("job/p/1/render-1/progress").getJSONObject().getJSONObject("data");
        JSONArray logs = data.getJSONArray("logs");
        assertThat(logs.size(), greaterThanOrEqualTo(1));
        JSONObject failed = null;
        for (int i = 0; i < logs.size(); i++) {
            JSONObject log = logs.getJSONObject(i);
            assertThat(log.getString("path"), startsWith("renders/logs/chunk-"));
            assertThat("every attempt's log is archived", b.getArtifactManager().root().child(log.getString("path")).isFile(), is(true));
            if ("failed".equals(log.getString("state"))) {
                failed = log;
            }
        }
        assertThat("a failed attempt is listed", failed != null, is(true));
        String text = r.createWebClient().goTo("job/p/1/artifact/" + failed.getString("path"), null)
                .getWebResponse().getContentAsString();
        assertThat(text.contains("Parse Error: No matching } in"), is(true));
    }
}
