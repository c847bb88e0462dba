package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.ServeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local site (a real process, configured with a config file) whose remote site is down at submit time or
 * killed mid-job: where=remote fails with a clear error, where=auto stays local with a note, and a job whose
 * remote dies ends FAILED naming the lost site, never SUCCEEDED.
 */
class RemoteFailureTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static int remotePort;
    private static String remoteUrl;
    private static ServeProcess local;

    @BeforeAll
    static void startLocalSite() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        remotePort = ServeProcess.freePort();
        remoteUrl = "http://127.0.0.1:" + remotePort;
        Path config = Files.writeString(
                dir.resolve("site.json"),
                "{\"remoteSites\": [{\"url\": \"" + remoteUrl + "\"}],"
                        + " \"remoteGiveUpSeconds\": 5, \"remotePollSeconds\": 1}");
        local = ServeProcess.start(dir.resolve("local-data"), 1, "--config", config.toString());
    }

    @AfterAll
    static void stopLocalSite() throws Exception {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void shouldRefuseWhereRemoteAndKeepAutoLocalWhileTheRemoteSiteIsDown() throws Exception {
        SiteClient client = local.client();
        Path scene = TestScenes.blenderScene(dir.resolve("s1"), "short", 1, 2, 64, 48, 4);
        Path longScene = TestScenes.blenderScene(dir.resolve("s1"), "long", 1, 40, 160, 120, 64);

        Cli refused = Cli.run(
                dir,
                120,
                "submit",
                scene.toString(),
                "--site",
                local.uri().toString(),
                "--frames",
                "1-2",
                "--out",
                dir.resolve("out1").toString(),
                "--where",
                "remote");
        JobView busy = Jobs.submit(client, longScene, "1-40", Jobs.blenderProfile(0), Where.LOCAL);
        try {
            await().atMost(JOB_TIMEOUT).until(() -> client.job(busy.id()).state() == JobState.RUNNING);
            JobView auto = Jobs.submit(client, scene, "1-2", Jobs.eagerRemoteProfile(), Where.AUTO);
            List<String> status = Cli.run(
                            dir, 30, "status", auto.id(), "--site", local.uri().toString())
                    .stdoutLines();

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr())
                    .contains("where=remote was asked but remote site " + remoteUrl
                            + " is unreachable: connection refused");
            assertThat(client.jobs().jobs()).hasSize(2); // the refused job was never created
            assertThat(auto.decision().where()).isEqualTo(Where.LOCAL);
            assertThat(auto.decision().reason())
                    .contains("local slots busy")
                    .contains("remote site " + remoteUrl + " is unreachable (connection refused); staying local");
            assertThat(status)
                    .anySatisfy(
                            l -> assertThat(l).startsWith("where     local: ").contains("unreachable"));
            client.cancel(auto.id(), "test over");
        } finally {
            client.cancel(busy.id(), "test over");
            await().atMost(JOB_TIMEOUT)
                    .until(() -> client.jobs().jobs().stream()
                            .allMatch(j -> j.state().isFinal()));
        }
    }

    @Test
    void shouldFailTheJobNamingTheRemoteSiteWhenItIsKilledMidJob() throws Exception {
        SiteClient client = local.client();
        Path scene = TestScenes.blenderScene(dir.resolve("s2"), "long", 1, 40, 160, 120, 64);
        JobView job;
        try (ServeProcess remote = ServeProcess.start(
                dir.resolve("remote-data"),
                2,
                remotePort,
                "--callback-peer",
                local.uri().toString())) {
            job = Jobs.submit(client, scene, "1-40", Jobs.blenderProfile(0), Where.REMOTE);
            await().atMost(JOB_TIMEOUT).until(() -> client.job(job.id()).done() >= 1);
            remote.kill9();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.job(job.id()).state().isFinal());
        JobView after = client.job(job.id());

        assertThat(after.state()).isEqualTo(JobState.FAILED);
        assertThat(after.reason())
                .startsWith("lost contact with remote site " + remoteUrl + " for ")
                .contains("frame(s) were brought back");
        assertThat(after.done()).isBetween(1, 39);
        assertThat(client.frames(job.id()).frames())
                .filteredOn(f -> !f.done())
                .allSatisfy(f -> assertThat(f.state()).isEqualTo("failed"));
        assertThat(client.frames(job.id()).frames().stream()
                        .filter(FrameView::done)
                        .count())
                .isEqualTo(after.done());
    }
}
