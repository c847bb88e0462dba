package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code serve} processes on loopback, the local one delegating {@code where=remote} jobs to the other:
 * every completion notice lost (the local site's public URL leads nowhere), and the remote site killed with SIGKILL
 * mid-job and started again. Both jobs end SUCCEEDED with every frame here verified, none rendered again after it
 * was verified; the remote's token and the notices' keys are never written to either site's log or events.
 */
class RemoteSiteFaultTest {
    private static final String REMOTE_TOKEN = "remote-fault-token-0123456789";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private Path config(int remotePort, String extra) throws Exception {
        Path file = dir.resolve("site.json");
        Files.writeString(
                file,
                "{\"remoteSites\": [{\"url\": \"http://127.0.0.1:" + remotePort + "\", \"token\": \"" + REMOTE_TOKEN
                        + "\"}], \"remotePollSeconds\": 1" + extra + "}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static JobView submitRemote(SiteClient client, Path scene, String frames) throws Exception {
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        return client.submit(new SubmitRequest(
                null,
                bundle.scene(),
                bundle.entries(),
                frames,
                SiteJobs.profile("{\"renderer\":\"povray\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}"),
                null,
                Where.REMOTE));
    }

    private static List<JobEvent> allEvents(SiteClient client, String id) {
        SiteJobs.Watch all = new SiteJobs.Watch(client, id);
        await().atMost(Duration.ofSeconds(30)).until(() -> all.saw("job-finished"));
        return all.events;
    }

    @Test
    void shouldFinishByPollingWhenEveryCompletionNoticeIsLost() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "lost");
        int remotePort = ServeProcess.freePort();
        int nowhere = ServeProcess.freePort(); // nothing listens here: every notice to it is lost
        try (ServeProcess remote = ServeProcess.start(
                        dir.resolve("remote"),
                        1,
                        remotePort,
                        Map.of("RENDERFARM_TOKEN", REMOTE_TOKEN),
                        "--callback-peer",
                        "http://127.0.0.1:" + nowhere);
                ServeProcess local = ServeProcess.start(
                        dir.resolve("local"),
                        1,
                        0,
                        Map.of(),
                        "--config",
                        config(remotePort, ", \"publicUrl\": \"http://127.0.0.1:" + nowhere + "\"")
                                .toString())) {
            SiteClient client = local.client();
            JobView job = submitRemote(client, scene, "1-4");

            JobView end = await().atMost(JOB_TIMEOUT)
                    .until(() -> client.job(job.id()), j -> j.state().isFinal());

            assertThat(end.state()).as(end.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(end.decision().where()).isEqualTo(Where.REMOTE);
            assertThat(end.remote().notifiedAt()).as("no notice arrived").isNull();
            assertThat(client.frames(job.id()).frames())
                    .hasSize(4)
                    .allSatisfy(f -> assertThat(f.done()).isTrue());
            SiteJobs.assertDoneFramesIntact(client, job.id(), dir);
            SiteClient remoteClient = remote.client(REMOTE_TOKEN);
            List<JobEvent> remoteEvents = allEvents(remoteClient, end.remote().job());
            SiteJobs.assertNoVerifiedFrameRenderedAgain(remoteEvents);
            List<JobEvent> localEvents = allEvents(client, job.id());

            String secret = Files.readString(dir.resolve("local/callback.key"), StandardCharsets.UTF_8)
                    .strip();
            String jobKey = CallbackSignature.jobKey(secret, job.id());
            for (String text : List.of(
                    local.output(),
                    remote.output(),
                    localEvents.toString(),
                    remoteEvents.toString(),
                    client.job(job.id()).toString(),
                    remoteClient.job(end.remote().job()).toString())) {
                assertThat(text)
                        .doesNotContain(REMOTE_TOKEN)
                        .doesNotContain(jobKey)
                        .doesNotContain(secret);
            }
            assertNoFileContains(dir.resolve("local"), REMOTE_TOKEN);
            assertNoFileContains(dir.resolve("remote"), REMOTE_TOKEN);
        }
    }

    @Test
    void shouldFinishWhenTheRemoteSiteIsKilledMidJobAndComesBack() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "crash");
        Path gate = dir.resolve("gate");
        // On the remote's first run, frames from 3 on wait (for a gate never opened), so the kill lands mid-job.
        Path bin = Wrappers.wrap(
                dir.resolve("bin"),
                "povray",
                String.join(
                        "\n",
                        "for a in \"$@\"; do case \"$a\" in +SF*) frame=${a#+SF};; esac; done",
                        "if [ \"${frame:-0}\" -ge 3 ]; then for i in $(seq 600); do [ -e '" + gate
                                + "' ] && break; sleep 0.1; done; fi",
                        "exec \"$REAL\" \"$@\""));
        int remotePort = ServeProcess.freePort();
        Path remoteData = dir.resolve("remote");
        try (ServeProcess local = ServeProcess.start(
                dir.resolve("local"),
                1,
                0,
                Map.of(),
                "--config",
                config(remotePort, ", \"remoteGiveUpSeconds\": 90").toString())) {
            SiteClient client = local.client();
            JobView job;
            List<FrameView> before;
            try (ServeProcess remote = ServeProcess.start(
                    remoteData,
                    1,
                    remotePort,
                    Map.of(
                            "RENDERFARM_TOKEN",
                            REMOTE_TOKEN,
                            "PATH",
                            ServeProcess.pathFirst(bin).get("PATH")),
                    "--callback-peer",
                    local.uri().toString())) {
                job = submitRemote(client, scene, "1-4");
                await().atMost(JOB_TIMEOUT).until(() -> client.job(job.id()).done() == 2);
                before = client.frames(job.id()).frames().stream()
                        .filter(FrameView::done)
                        .toList();
                remote.kill9();
            }
            try (ServeProcess remote = ServeProcess.start(
                    remoteData,
                    1,
                    remotePort,
                    Map.of("RENDERFARM_TOKEN", REMOTE_TOKEN),
                    "--callback-peer",
                    local.uri().toString())) {
                JobView end = await().atMost(JOB_TIMEOUT)
                        .until(() -> client.job(job.id()), j -> j.state().isFinal());

                assertThat(end.state()).as(end.reason()).isEqualTo(JobState.SUCCEEDED);
                List<FrameView> frames = client.frames(job.id()).frames();
                assertThat(frames)
                        .hasSize(4)
                        .allSatisfy(f -> assertThat(f.done()).isTrue());
                assertThat(frames)
                        .as("frames brought back before the crash are kept")
                        .containsAll(before);
                SiteJobs.assertDoneFramesIntact(client, job.id(), dir);
                SiteClient remoteClient = remote.client(REMOTE_TOKEN);
                assertThat(remoteClient.job(end.remote().job()).runs()).isEqualTo(2);
                SiteJobs.assertNoVerifiedFrameRenderedAgain(
                        allEvents(remoteClient, end.remote().job()));
            }
        }
    }

    private static void assertNoFileContains(Path root, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as("%s", f)
                        .doesNotContain(secret);
            }
        }
    }
}
