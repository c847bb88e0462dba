package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.apiToken;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.siteJob;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.Item;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.delegation.SiteJobFollower;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.store.DirectoryFrameStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The site protocol served by the plugin, driven by the engine's own client: API-token Basic auth (no crumb),
 * files sent content-addressed, the job run as a build of the site job, events followed and frames fetched and
 * verified by checksum; and every route's permission check.
 */
@WithJenkins
class SiteProtocolITest {
    @TempDir
    Path tmp;

    @Test
    void shouldLetAnotherControllerRenderHereWithAnApiToken(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        WorkflowJob siteJob = siteJob(r, "delegated", "pov");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL).everywhere().to("alice")
                .grant(Jenkins.READ, Item.READ).everywhere().to("bob"));
        URI site = URI.create(r.getURL() + "render-site");
        SiteClient alice = SiteClient.basic(site, "alice", apiToken("alice"));
        SiteClient bob = SiteClient.basic(site, "bob", apiToken("bob"));

        assertThat(alice.site().protocol(), is(1));
        assertThat(alice.site().slots().size(), greaterThanOrEqualTo(1));
        Path scene = tmp.resolve("job/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        SubmitRequest request = new SubmitRequest("from elsewhere", bundle.scene(), bundle.entries(), "1-2",
                ProfileReader.toJson(JobProfile.defaults("povray").withChunkSize(1)), null, Where.LOCAL);

        SiteException refused = assertThrows(SiteException.class, () -> bob.submit(request));
        assertThat(refused.status(), is(403));
        SiteException anonymous = assertThrows(SiteException.class, () -> new SiteClient(site, null).site());
        assertThat(anonymous.status() == 401 || anonymous.status() == 403, is(true));

        BundleUpload.send(alice, bundle); // a PUT and a POST with an API token: no crumb needed
        JobView job = alice.submit(request);
        SiteJobFollower follower = new SiteJobFollower(alice, new DirectoryFrameStore(tmp.resolve("out")),
                tmp.resolve("scratch"), e -> { });
        SiteJobFollower.Outcome outcome = follower.follow(job.id());
        assertThat(outcome.complete(), is(true));
        assertThat(outcome.framesVerified(), is(2));
        assertThat(bob.job(job.id()).state().name(), is("SUCCEEDED"));
        assertThat(siteJob.getBuildByNumber(1).getArtifactManager().root().child("renders/frame_0002.png").isFile(), is(true));
        SiteException unknown = assertThrows(SiteException.class, () -> alice.job("j000000000000000000000000"));
        assertThat(unknown.status(), is(404));
    }
}
