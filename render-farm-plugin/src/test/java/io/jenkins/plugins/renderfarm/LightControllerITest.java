package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.apiToken;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.siteJob;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import hudson.ProxyConfiguration;
import hudson.XmlFile;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.Saveable;
import hudson.model.TaskListener;
import hudson.model.listeners.SaveableListener;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.agents.ProbeRecord;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.jenkins.plugins.renderfarm.remote.RemoteSites;
import io.jenkins.plugins.renderfarm.site.SiteCleanup;
import io.jenkins.plugins.renderfarm.store.ArtifactFrameStore;
import io.jenkins.plugins.renderfarm.store.ControllerIntake;
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
import io.renderfarm.engine.store.FrameReceiver;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jenkins.model.ArtifactManager;
import jenkins.model.ArtifactManagerConfiguration;
import jenkins.model.ArtifactManagerFactory;
import jenkins.model.ArtifactManagerFactoryDescriptor;
import jenkins.model.Jenkins;
import jenkins.model.StandardArtifactManager;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What a render costs the controller, and what it leaves behind: frames checked on the agent and streamed into the
 * artifacts once (the bytes compared with the agent's checksum, a size cap, normal permissions, few saves of the
 * build), a resumed render trusting what this build archived, every request through Jenkins' proxy, and nothing
 * kept in JENKINS_HOME once its build or node is gone.
 */
@WithJenkins
class LightControllerITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @AfterEach
    void defaultLimits() {
        ControllerIntake.limit(FrameReceiver.DEFAULT_MAX_BYTES, 4);
    }

    private Path povray(String name) throws Exception {
        return TestScenes.hasPovray() ? null : standIn(tmp, name, 0, 0).program();
    }

    @Test
    void shouldArchiveExactlyTheBytesTheAgentCheckedReadableAndSavingTheBuildInBatches(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", povray("a"));
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-16"), true));
        RenderSaves.COUNT.set(0);

        WorkflowRun b = r.buildAndAssertSuccess(p);

        Map<Integer, StoredEntry> stored = b.getAction(RenderProgressAction.class).storedFrames();
        assertThat(stored.size(), is(16));
        VirtualFile root = b.getArtifactManager().root();
        Path normal = Files.createFile(tmp.resolve("any-file-this-process-writes"));
        for (StoredEntry entry : stored.values()) {
            VirtualFile artifact = root.child(entry.getPath());
            try (InputStream in = artifact.open()) {
                assertThat(entry.getPath(), FrameVerifier.sha256(in), is(entry.getSha256()));
            }
            assertThat(artifact.length(), is(entry.getBytes()));
            assertThat("readable like any archived file", Files.getPosixFilePermissions(Path.of(artifact.toURI())),
                    is(Files.getPosixFilePermissions(normal)));
        }
        assertThat(root.child("renders/samples/thumb_frame_0016.png").isFile(), is(true));
        assertThat(root.child("renders/samples/contact-sheet.png").isFile(), is(true));
        assertThat("nothing staged is left", stagedFiles(b), is(empty()));
        assertThat("16 frames archived, the build saved in batches", RenderSaves.COUNT.get(), lessThanOrEqualTo(8));
    }

    @Test
    void shouldRefuseAFrameOverTheControllersLimitWithoutArchivingAnyOfIt(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", povray("a"));
        configure(profile("pov", false));
        ControllerIntake.limit(100, 4);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1"), true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("over the limit of 100 bytes for one frame", b);
        assertThat(b.getArtifactManager().root().child("renders/frame_0001.png").isFile(), is(false));
        assertThat(stagedFiles(b), is(empty()));
    }

    @Test
    void shouldLetTheAgentRefuseAFrameThatDoesNotDecode(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        StandInRenderer.StandIn broken = standIn(tmp, "broken", 0, 0);
        Files.write(tmp.resolve("broken-frame.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        agent(r, "render-a", broken.program());
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1"), true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("(PNG) ends at byte 10 inside a chunk header, before IEND (truncated?)", b);
        assertThat(b.getArtifactManager().root().child("renders/frame_0001.png").isFile(), is(false));
    }

    @Test
    void shouldResumeTrustingWhatTheBuildArchivedWithoutReadingItBack(JenkinsRule r) throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'rendered elsewhere'", true));
        WorkflowRun b = r.buildAndAssertSuccess(p);
        RenderProgressAction action = RenderProgressAction.create(b, "shot.pov", "pov", "renders");
        ArtifactFrameStore store = new ArtifactFrameStore(b, TaskListener.NULL, "renders", action,
                new File(b.getRootDir(), "renderfarm/resume/incoming").toPath());
        FrameReceiver receiver = new FrameReceiver(1 << 20, 1, null);
        for (int f = 1; f <= 3; f++) {
            byte[] frame = ("frame " + f + " bytes").getBytes(StandardCharsets.UTF_8);
            receiver.receiveFrame(store, f, "frame_000" + f + ".png",
                    new VerifiedFrame(1, 1, frame.length, FrameVerifier.sha256(frame)), () -> new ByteArrayInputStream(frame));
        }
        Path archive = Path.of(b.getArtifactManager().root().toURI());
        Files.writeString(archive.resolve("renders/frame_0001.png"), "FRAME 1 BYTES", StandardCharsets.UTF_8);
        Files.delete(archive.resolve("renders/frame_0002.png"));
        Files.writeString(archive.resolve("renders/frame_0003.png"), "frame 3 bytes, longer", StandardCharsets.UTF_8);

        // Frame 1 has its recorded size: its recorded checksum is trusted, the bytes are not fetched again.
        assertThat(store.verifiedFrames().keySet(), is(java.util.Set.of(1)));
    }

    @Test
    void shouldArchiveThroughAnotherArtifactManagersArchiveCall(JenkinsRule r) throws Exception {
        ArtifactManagerConfiguration.get().getArtifactManagerFactories().add(new CountingManagers());
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", povray("a"));
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-3"), true));
        CountingManager.ARCHIVED.clear();

        WorkflowRun b = r.buildAndAssertSuccess(p);

        assertThat(b.getArtifactManager() instanceof CountingManager, is(true));
        assertThat(CountingManager.ARCHIVED.contains("renders/frame_0003.png"), is(true));
        assertThat(b.getArtifactManager().root().child("renders/frame_0003.png").isFile(), is(true));
        assertThat(stagedFiles(b), is(empty()));
    }

    @Test
    void shouldReachRemoteControllersThroughJenkinsProxy(JenkinsRule r) throws Exception {
        List<String> proxied = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            proxied.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        proxy.start();
        try {
            r.jenkins.proxy = new ProxyConfiguration("127.0.0.1", proxy.getAddress().getPort());
            RemoteController peer = new RemoteController("peer", "http://render-peer.invalid:8080/render-site", "");

            SiteException e = assertThrows(SiteException.class,
                    () -> RemoteSites.site(peer, null).client().withTimeout(Duration.ofSeconds(10)).site());

            assertThat(e.status(), is(503));
            assertThat(proxied.get(0), startsWith("GET http://render-peer.invalid:8080/render-site/api/site"));
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void shouldForgetTheCapabilitiesOfDeletedNodes(JenkinsRule r) throws Exception {
        DumbSlave a = agent(r, "render-a", standIn(tmp, "a", 0, 0).program());
        ProbeRecord probed = CapabilityCache.get().record("render-a").orElseThrow();
        CapabilityCache.get().put("cloud-agent-gone-while-down", probed);

        r.jenkins.removeNode(a);
        SiteCleanup.sweep(TaskListener.NULL);

        assertThat(CapabilityCache.get().record("render-a").isPresent(), is(false));
        assertThat(CapabilityCache.get().labelsOf("render-a"), is(empty()));
        assertThat(CapabilityCache.get().record("cloud-agent-gone-while-down").isPresent(), is(false));
    }

    @Test
    void shouldKeepADelegatedJobsFilesWithItsBuildAndCollectUnusedUploads(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        WorkflowJob siteJob = siteJob(r, "delegated", "pov");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("alice"));
        SiteClient alice = SiteClient.basic(URI.create(r.getURL() + "render-site"), "alice", apiToken("alice"));
        Path scene = tmp.resolve("job/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(alice, bundle);
        JobView job = alice.submit(new SubmitRequest("from elsewhere", bundle.scene(), bundle.entries(), "1",
                ProfileReader.toJson(JobProfile.defaults("povray")), null, Where.LOCAL));
        assertThat(new SiteJobFollower(alice, new DirectoryFrameStore(tmp.resolve("out")), tmp.resolve("scratch"), e -> { })
                .follow(job.id()).complete(), is(true));
        WorkflowRun build = siteJob.getBuildByNumber(1);
        File jobDir = new File(r.jenkins.getRootDir(), "renderfarm-site/jobs/" + job.id());

        assertThat("the files moved into the build", new File(build.getRootDir(), "renderfarm/site-files/ball.pov").isFile(), is(true));
        assertThat(new File(jobDir, "files").exists(), is(false));

        Path blobs = r.jenkins.getRootDir().toPath().resolve("renderfarm-site/blobs");
        try (Stream<Path> held = Files.walk(blobs)) {
            for (Path blob : held.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(blob, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
            }
        }
        File neverStarted = new File(r.jenkins.getRootDir(), "renderfarm-site/jobs/j0123456789abcdef01234567");
        Files.createDirectories(neverStarted.toPath().resolve("files"));
        Files.setLastModifiedTime(neverStarted.toPath(), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        // As old as the one that never started: only the build its record names keeps it.
        Files.setLastModifiedTime(jobDir.toPath(), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        SiteCleanup.sweep(TaskListener.NULL);

        try (Stream<Path> held = Files.walk(blobs)) {
            assertThat("uploads unused for two days are collected", held.filter(Files::isRegularFile).toList(), is(empty()));
        }
        assertThat(neverStarted.exists(), is(false));
        assertThat("a job folder whose build exists stays", jobDir.isDirectory(), is(true));

        build.delete();

        assertThat(jobDir.exists(), is(false));
        assertThat(build.getRootDir().exists(), is(false));
    }

    /** Files still staged in any render folder of the build. */
    private static List<Path> stagedFiles(Run<?, ?> b) throws IOException {
        Path renders = b.getRootDir().toPath().resolve("renderfarm");
        if (!Files.isDirectory(renders)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(renders)) {
            return walk.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString().equals("incoming")).toList();
        }
    }

    /** Counts the saves of a build made by a render's progress record. */
    @TestExtension
    public static final class RenderSaves extends SaveableListener {
        static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (o instanceof Run && Stream.of(new Throwable().getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(RenderProgressAction.class.getName()))) {
                COUNT.incrementAndGet();
            }
        }
    }

    /** An artifact manager that is not Jenkins' own: artifacts reach it only through archive(). */
    public static final class CountingManager extends StandardArtifactManager {
        static final List<String> ARCHIVED = new CopyOnWriteArrayList<>();

        public CountingManager(Run<?, ?> build) {
            super(build);
        }

        @Override
        public void archive(hudson.FilePath workspace, hudson.Launcher launcher, hudson.model.BuildListener listener,
                            Map<String, String> artifacts) throws IOException, InterruptedException {
            ARCHIVED.addAll(artifacts.keySet());
            super.archive(workspace, launcher, listener, artifacts);
        }
    }

    public static final class CountingManagers extends ArtifactManagerFactory {
        @Override
        public ArtifactManager managerFor(Run<?, ?> build) {
            return new CountingManager(build);
        }

        @TestExtension
        public static final class DescriptorImpl extends ArtifactManagerFactoryDescriptor {
        }
    }
}
