package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.ChunkView;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.faults.ServeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code renderfarm serve} processes on loopback, each with its own port and data folder, real Blender:
 * a local site with one slot that may delegate to a remote site with two. The client only ever talks to the
 * local site. where=remote renders there with samples relayed live and frames brought back verified and the
 * completion notice arriving; where=auto goes remote when the local slot is busy; Ctrl-C at the client kills the
 * remote renderers within 3 s; a local site killed -9 mid-delegation re-attaches to the same remote job. The
 * remote has a token, which (like the notice's key) never shows in a log or an event.
 */
class TwoSitesTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String REMOTE_TOKEN = "remote-token-0123456789abcdef";

    @TempDir
    static Path dir;

    private static ServeProcess remote;
    private static ServeProcess local;
    private static int localPort;

    @BeforeAll
    static void startSites() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        localPort = ServeProcess.freePort();
        remote = ServeProcess.start(
                dir.resolve("remote-data"),
                2,
                "--token",
                REMOTE_TOKEN,
                "--callback-peer",
                "http://127.0.0.1:" + localPort);
        local = startLocal();
    }

    private static ServeProcess startLocal() throws Exception {
        return ServeProcess.start(
                dir.resolve("local-data"),
                1,
                localPort,
                "--remote-site",
                remote.uri().toString(),
                "--remote-token",
                REMOTE_TOKEN);
    }

    @AfterAll
    static void stopSites() throws Exception {
        if (local != null) {
            local.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void shouldRenderWhereRemoteOnTheRemoteSiteWithLiveSamplesAndVerifiedFramesBackHere() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s1"), "shot", 1, 4, 64, 48, 4);
        Path out = dir.resolve("out1");

        Cli submit = Cli.run(
                dir,
                180,
                "submit",
                scene.toString(),
                "--site",
                local.uri().toString(),
                "--frames",
                "1-4",
                "--out",
                out.toString(),
                "--json",
                "--chunk",
                "1",
                "--where",
                "remote");
        List<JsonNode> events =
                submit.stdoutLines().stream().map(SiteRenderTest.Json::parse).toList();
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        String id = events.get(0).get("job").asText();
        JsonNode decision = events.get(types.indexOf("decision"));
        JobView here = local.client().job(id);
        JobView there = remote.client(REMOTE_TOKEN).job(here.remote().job());

        assertThat(submit.exitCode()).as(submit.stderr()).isZero();
        assertThat(decision.get("where").asText()).isEqualTo("remote");
        assertThat(decision.get("site").asText()).isEqualTo(remote.uri().toString());
        assertThat(types.indexOf("sample"))
                .as("a preview sample before the first frame")
                .isLessThan(types.indexOf("frame-done"));
        assertThat(events)
                .filteredOn(e -> e.has("slot"))
                .allSatisfy(e -> assertThat(e.get("slot").asText())
                        .startsWith(remote.uri().getAuthority() + "/"));
        assertThat(here.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(there.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(there.name()).endsWith("[via " + id + "]");
        assertSameFrames(local.client(), id, remote.client(REMOTE_TOKEN), there.id(), out);
        List<JsonNode> logs = events.stream()
                .filter(e -> e.get("type").asText().equals("chunk-log"))
                .toList();
        assertThat(logs).as("every remote attempt's log relayed").hasSize((int)
                types.stream().filter("chunk-started"::equals).count());
        ChunkView chunk = local.client().chunks(id).chunks().get(0);
        assertThat(chunk.slot()).startsWith(remote.uri().getAuthority() + "/");
        assertThat(logs).anySatisfy(e -> assertThat(e.get("path").asText()).isEqualTo(chunk.log()));
        Path relayed = dir.resolve("relayed.log");
        local.client().download(chunk.log(), relayed);
        assertThat(Files.readString(relayed))
                .startsWith("# job " + there.id() + ", chunk " + chunk.chunk())
                .contains("Blender 3.");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(local.client().job(id).remote().notifiedAt())
                        .as("the completion notice arrived")
                        .isNotNull());
        List<String> status =
                Cli.run(dir, 30, "status", id, "--site", local.uri().toString()).stdoutLines();
        assertThat(status).anySatisfy(l -> assertThat(l).startsWith("where     remote on " + remote.uri()));
        assertThat(status).anySatisfy(l -> assertThat(l).contains("completion notice received"));
        String key = CallbackSignature.jobKey(
                Files.readString(dir.resolve("local-data/callback.key")).strip(), id);
        assertThat(local.output() + remote.output() + submit.stdout() + submit.stderr() + String.join("\n", status))
                .as("no token or key in logs, events or output")
                .doesNotContain(REMOTE_TOKEN)
                .doesNotContain(key);
    }

    @Test
    void shouldBringBackARemotelyRenderedOpenExrMultilayerSceneAsExrFramesWithItsMovie() throws Exception {
        assumeTrue(Ffprobe.present(), "needs ffmpeg");
        Path scene = TestScenes.blenderScene(dir.resolve("exr"), "ml", 1, 2, 48, 32, 1, SiteRenderTest.EXR_MULTILAYER);
        Path out = dir.resolve("out-exr");

        Cli submit = Cli.run(
                dir,
                180,
                "submit",
                scene.toString(),
                "--site",
                local.uri().toString(),
                "--frames",
                "1-2",
                "--out",
                out.toString(),
                "--json",
                "--chunk",
                "1",
                "--where",
                "remote");
        String id = SiteRenderTest.Json.parse(submit.stdoutLines().get(0))
                .get("job")
                .asText();
        JobView here = local.client().job(id);

        assertThat(submit.exitCode()).as(submit.stderr()).isZero();
        assertThat(here.decision().where()).isEqualTo(Where.REMOTE);
        for (FrameView f : local.client().frames(id).frames()) {
            assertThat(f.file()).endsWith(".exr");
            assertThat(new FrameVerifier()
                            .verifyAndDecode(out.resolve(f.file()))
                            .exr()
                            .parts())
                    .isEqualTo(1);
            assertThat(FrameVerifier.sha256(out.resolve(f.file()))).isEqualTo(f.sha256());
        }
        assertThat(Ffprobe.frames(out.resolve("samples/preview.mp4"))).isEqualTo(2);
    }

    @Test
    void shouldSendAnAutoJobToTheRemoteSiteWhenTheLocalSlotIsBusy() throws Exception {
        SiteClient client = local.client();
        Path longScene = TestScenes.blenderScene(dir.resolve("s2"), "long", 1, 40, 160, 120, 64);
        Path scene = TestScenes.blenderScene(dir.resolve("s2"), "short", 1, 2, 64, 48, 4);
        JobView busy = Jobs.submit(client, longScene, "1-40", Jobs.blenderProfile(0), Where.LOCAL);
        try {
            await().atMost(JOB_TIMEOUT).until(() -> client.job(busy.id()).state() == JobState.RUNNING);

            JobView auto = Jobs.submit(client, scene, "1-2", Jobs.eagerRemoteProfile(), Where.AUTO);
            List<JobEvent> events = Jobs.events(client, auto.id(), JOB_TIMEOUT);

            assertThat(auto.decision().where()).isEqualTo(Where.REMOTE);
            assertThat(auto.decision().reason()).contains("local slots busy").contains("remote site has");
            assertThat(Jobs.ofType(events, JobEvent.Decision.class))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.where()).isEqualTo("remote");
                        assertThat(e.reason()).isEqualTo(auto.decision().reason());
                    });
            assertThat(client.job(auto.id()).state()).isEqualTo(JobState.SUCCEEDED);
        } finally {
            client.cancel(busy.id(), "test over");
            await().atMost(JOB_TIMEOUT)
                    .until(() -> client.job(busy.id()).state().isFinal());
        }
    }

    @Test
    void shouldKillTheRemoteRenderersWithin3SecondsWhenTheLocalClientIsInterrupted() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s3"), "long", 1, 40, 160, 120, 64);
        Cli submit = Cli.start(
                dir,
                "submit",
                scene.toString(),
                "--site",
                local.uri().toString(),
                "--frames",
                "1-40",
                "--out",
                dir.resolve("out3").toString(),
                "--json",
                "--chunk",
                "1",
                "--no-preview",
                "--where",
                "remote");
        await().atMost(JOB_TIMEOUT).until(() -> submit.stdout().contains("\"type\":\"frame-done\""));
        String id = SiteRenderTest.Json.parse(submit.stdoutLines().get(0))
                .get("job")
                .asText();
        String remoteId = local.client().job(id).remote().job();

        long interrupted = System.nanoTime();
        submit.interrupt();
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> remote.client(REMOTE_TOKEN).job(remoteId).state() == JobState.CANCELED
                        && remote.renderers().isEmpty());
        long millis = (System.nanoTime() - interrupted) / 1_000_000;
        int exit = submit.waitFor(60);

        System.out.printf("cancel reached the remote site and its renderers were gone %d ms after Ctrl-C%n", millis);
        assertThat(remote.renderers()).isEmpty();
        assertThat(exit).isEqualTo(130);
        assertThat(local.client().job(id).state()).isEqualTo(JobState.CANCELED);
        assertThat(remote.client(REMOTE_TOKEN).job(remoteId).reason()).contains("Ctrl-C");
        assertThat(remote.client(REMOTE_TOKEN).job(remoteId).done()).isLessThan(40);
    }

    @Test
    void shouldFollowTheSameRemoteJobAgainAfterTheLocalSiteWasKilled() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s4"), "resume", 1, 16, 64, 48, 4);
        JobView job = Jobs.submit(local.client(), scene, "1-16", Jobs.blenderProfile(0), Where.REMOTE);
        await().atMost(JOB_TIMEOUT).until(() -> local.client().job(job.id()).done() >= 2);
        String remoteId = local.client().job(job.id()).remote().job();

        local.kill9();
        local = startLocal();
        List<JobEvent> events = Jobs.events(local.client(), job.id(), JOB_TIMEOUT);
        JobView after = local.client().job(job.id());

        assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(after.runs()).isEqualTo(2);
        assertThat(after.remote().job()).isEqualTo(remoteId);
        assertThat(remote.client(REMOTE_TOKEN).jobs().jobs())
                .filteredOn(j -> j.name().endsWith("[via " + job.id() + "]"))
                .hasSize(1);
        assertThat(Jobs.ofType(events, JobEvent.JobStarted.class))
                .extracting(e -> e.run())
                .containsExactly(1, 2);
        assertThat(Jobs.ofType(events, JobEvent.Decision.class))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.where()).isEqualTo("remote"));
        assertSameFrames(local.client(), job.id(), remote.client(REMOTE_TOKEN), remoteId, null);
    }

    @Test
    void shouldSendTheRemoteSiteOnlyTheFilesItLacks() throws Exception {
        Path scene = TestScenes.blenderSceneWithTexture(dir.resolve("s5"), "tex", 1, 2, 64, 48, 4);
        SiteClient there = remote.client(REMOTE_TOKEN);

        long before = there.site().storage().get("bytesReceived");
        JobView first = Jobs.submit(local.client(), scene, "1", Jobs.eagerRemoteProfile(), Where.REMOTE);
        await().atMost(JOB_TIMEOUT)
                .until(() -> local.client().job(first.id()).state().isFinal());
        long afterFirst = there.site().storage().get("bytesReceived");
        JobView second = Jobs.submit(local.client(), scene, "2", Jobs.eagerRemoteProfile(), Where.REMOTE);
        await().atMost(JOB_TIMEOUT)
                .until(() -> local.client().job(second.id()).state().isFinal());

        assertThat(local.client().job(second.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(afterFirst - before)
                .as("the scene and its texture")
                .isEqualTo(Files.size(scene) + Files.size(scene.resolveSibling("textures/rf_green.png")));
        assertThat(there.site().storage().get("bytesReceived"))
                .as("nothing sent again")
                .isEqualTo(afterFirst);
    }

    /** Every frame done on both sites with the same SHA-256, and (when given) the client's copy too. */
    private static void assertSameFrames(SiteClient here, String id, SiteClient there, String remoteId, Path out)
            throws Exception {
        List<FrameView> local = here.frames(id).frames();
        Map<Integer, String> remoteSums =
                there.frames(remoteId).frames().stream().collect(Collectors.toMap(FrameView::frame, FrameView::sha256));
        assertThat(local).isNotEmpty().allSatisfy(f -> assertThat(f.done()).isTrue());
        assertThat(local.stream().collect(Collectors.toMap(FrameView::frame, FrameView::sha256)))
                .isEqualTo(remoteSums);
        for (FrameView f : local) {
            assertThat(f.width()).as("width as the remote verified it, relayed").isEqualTo(64);
            assertThat(f.height()).isPositive();
            Path copy = out != null ? out.resolve(f.file()) : dir.resolve("check-" + id + "-" + f.file());
            if (out == null) {
                here.download(f.url(), copy);
            }
            assertThat(FrameVerifier.sha256(copy)).isEqualTo(f.sha256());
            assertThat(new FrameVerifier().verify(copy).width()).isEqualTo(64);
        }
    }
}
