package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.apiToken;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.siteJob;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import hudson.model.Item;
import io.jenkins.plugins.renderfarm.StandInRenderer.StandIn;
import io.jenkins.plugins.renderfarm.site.DelegatedJobAction;
import io.jenkins.plugins.renderfarm.site.SiteEvents;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.delegation.SiteJobFollower;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.store.DirectoryFrameStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.job.properties.DisableConcurrentBuildsJobProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Several controllers sending renders here at the same moment: each submit is answered at once from the job's own
 * record, each job gets a build of its own, none is folded into another, and each renders every frame; a job
 * canceled while its build waits never starts; and event streams end after a bounded time while followers resume
 * where they were.
 */
@WithJenkins
class ConcurrentDelegationITest {
    @TempDir
    Path tmp;
    private final long maxStream = SiteEvents.MAX_STREAM_MILLIS;

    @AfterEach
    void restoreStreams() {
        SiteEvents.MAX_STREAM_MILLIS = maxStream;
    }

    private SiteClient alice(JenkinsRule r, StandIn renderer) throws Exception {
        r.jenkins.setNumExecutors(0);
        agent(r, "render-a", renderer.program());
        configure(profile("pov", false));
        siteJob(r, "delegated", "pov");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL).everywhere().to("alice"));
        return SiteClient.basic(URI.create(r.getURL() + "render-site"), "alice", apiToken("alice"));
    }

    private Bundle bundle(SiteClient client) throws Exception {
        Path scene = tmp.resolve("job/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        return bundle;
    }

    private static SubmitRequest request(Bundle bundle, String name, String frames) {
        return new SubmitRequest(name, bundle.scene(), bundle.entries(), frames,
                ProfileReader.toJson(JobProfile.defaults("povray").withChunkSize(1)), null, Where.LOCAL);
    }

    @Test
    void shouldGiveEachOfSimultaneousJobsABuildOfItsOwnAndAnswerAtOnce(JenkinsRule r) throws Exception {
        SiteClient alice = alice(r, standIn(tmp, "povray", 0, 0));
        Bundle bundle = bundle(alice);
        int n = 6;
        ExecutorService senders = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JobView>> submits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "shot " + i;
            submits.add(senders.submit(() -> {
                go.await();
                return alice.submit(request(bundle, name, "1-2"));
            }));
        }
        go.countDown();
        List<JobView> jobs = new ArrayList<>();
        for (Future<JobView> submit : submits) {
            jobs.add(submit.get(30, TimeUnit.SECONDS)); // a 500 or a timeout fails here
        }
        senders.shutdown();

        Set<String> ids = new TreeSet<>();
        for (JobView job : jobs) {
            ids.add(job.id());
            SiteJobFollower.Outcome outcome = new SiteJobFollower(alice, new DirectoryFrameStore(tmp.resolve("out-" + job.id())),
                    tmp.resolve("scratch-" + job.id()), e -> { }).follow(job.id());
            assertThat(job.name() + " rendered every frame", outcome.complete(), is(true));
        }
        assertThat(ids.size(), is(n));
        WorkflowJob siteJob = r.jenkins.getItemByFullName("delegated", WorkflowJob.class);
        List<String> rendered = new ArrayList<>();
        for (WorkflowRun run : siteJob.getBuilds()) {
            rendered.add(run.getAction(DelegatedJobAction.class).getSiteJobId());
        }
        assertThat("one build per job, none folded into another", rendered, containsInAnyOrder(ids.toArray()));
        assertThat(alice.jobs().jobs().stream().map(JobView::id).toList(), containsInAnyOrder(ids.toArray()));
    }

    @Test
    void shouldNeverStartAJobCanceledWhileItsBuildWaited(JenkinsRule r) throws Exception {
        StandIn gated = standIn(tmp, "povray", 0, 1);
        SiteClient alice = alice(r, gated);
        WorkflowJob siteJob = r.jenkins.getItemByFullName("delegated", WorkflowJob.class);
        siteJob.addProperty(new DisableConcurrentBuildsJobProperty());
        Bundle bundle = bundle(alice);
        JobView first = alice.submit(request(bundle, "first", "1"));
        await("the first job rendering", 120, () -> !gated.invocations().isEmpty());

        JobView second = alice.submit(request(bundle, "second", "1"));
        assertThat(second.state(), is(JobState.QUEUED));
        JobView canceled = alice.cancel(second.id(), "changed my mind");
        Files.createFile(gated.gate());
        await("the first job done", 120, () -> alice.job(first.id()).state().isFinal());

        assertThat(canceled.state(), is(JobState.CANCELED));
        assertThat(alice.job(second.id()).state(), is(JobState.CANCELED));
        assertThat(alice.job(second.id()).reason(), is("changed my mind"));
        assertThat(alice.job(first.id()).state(), is(JobState.SUCCEEDED));
        Thread.sleep(2000); // what a folded or resurrected build would need to show up
        assertThat(siteJob.getBuilds().size(), is(1));
    }

    @Test
    void shouldEndEventStreamsAfterABoundedTimeWhileFollowersResume(JenkinsRule r) throws Exception {
        SiteEvents.MAX_STREAM_MILLIS = 1500;
        SiteClient alice = alice(r, standIn(tmp, "povray", 1, 0)); // a second per frame: several streams' worth
        Bundle bundle = bundle(alice);
        JobView job = alice.submit(request(bundle, "slow", "1-4"));
        await("the job rendering", 120, () -> alice.job(job.id()).state() == JobState.RUNNING);

        long start = System.nanoTime();
        long lastId = alice.events(job.id(), 0, e -> true); // one stream, while the job still renders
        long streamMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        SiteJobFollower.Outcome outcome = new SiteJobFollower(alice, new DirectoryFrameStore(tmp.resolve("out")),
                tmp.resolve("scratch"), e -> { }).follow(job.id());
        List<Long> resumed = new ArrayList<>();
        alice.events(job.id(), lastId, e -> resumed.add(e.id()));

        assertThat("a stream ends after the bound", streamMillis, lessThan(1500L + 5000L));
        assertThat("the first stream carried events", lastId, greaterThan(0L));
        assertThat(outcome.complete(), is(true));
        assertThat(outcome.framesVerified(), is(4));
        assertThat(resumed.isEmpty(), is(false));
        assertThat("resumed after the last id seen", resumed.get(0), greaterThan(lastId));
    }
}
