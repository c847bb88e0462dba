package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.model.Item;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every endpoint checks permissions: the render page and its JSON need read access to the job, the Render
 * servers page needs system read, probing again needs manage.
 */
@WithJenkins
class PermissionsITest {
    @TempDir
    Path tmp;

    @Test
    void endpointsCheckPermissions(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-2"), true));
        r.buildAndAssertSuccess(p);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ).everywhere().to("stranger"));

        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        assertThat(reader.getJSON("job/p/1/render-1/progress").getJSONObject().getJSONObject("data").getInt("done"), is(2));
        assertThat(reader.goTo("job/p/1/render-1/").asNormalizedText(), containsString("Render shots/ball.pov"));
        reader.assertFails("manage/render-servers/", HttpURLConnection.HTTP_FORBIDDEN);

        JenkinsRule.WebClient stranger = r.createWebClient().login("stranger");
        stranger.assertFails("job/p/1/render-1/progress", HttpURLConnection.HTTP_NOT_FOUND);
        stranger.assertFails("job/p/1/render-1/", HttpURLConnection.HTTP_NOT_FOUND);

        JenkinsRule.WebClient anonymous = r.createWebClient();
        anonymous.assertFails("job/p/1/render-1/progress", HttpURLConnection.HTTP_FORBIDDEN);

        JenkinsRule.WebClient admin = r.createWebClient().login("admin");
        assertThat(admin.goTo("manage/render-servers/").asNormalizedText(), containsString("render-a"));
    }
}
