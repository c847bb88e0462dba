package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.testing.Tmpfs;
import io.renderfarm.server.site.HeadlessChromium;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.SiteConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The site's data folder (database, uploads, frames) fills up while a job renders: a real tmpfs, filled to the
 * last block once two frames are done. The site must say so and stop, not look busy: the job is stopped with its
 * renderers killed, its {@code problem} names the full folder, and the user's {@code submit} prints why and exits 1.
 * Started again while still full, the site refuses to start and says why. With space freed, the restarted site
 * resumes the job and finishes it without rendering a verified frame again. The same on a remote site shows on the
 * site that delegated the job, which finishes it once the remote restarts with space.
 * A submit or an upload that meets the full folder is answered 507 naming it, and leaves no job folder behind.
 * Needs root (mount); skipped elsewhere.
 */
class DataFolderFullTest {
    private static final int FRAMES = 8;
    private static final String REMOTE_TOKEN = "remote-full-token-0123456789";

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            Tmpfs.unmount(mounted);
        }
    }

    @Test
    void shouldStopTheJobSayingTheDataFolderIsFullAndResumeItAfterARestartWithSpace() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "full", 1, FRAMES, 160, 120, 32);
        Path profile = Files.writeString(
                dir.resolve("profile.json"),
                "{\"renderer\":\"blender\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}");
        Path data = dir.resolve("data");
        assumeTrue(Tmpfs.mount(data, "32m"), "cannot mount a tmpfs here (needs root)");
        mounted = data;
        Path filler = data.resolve("filler");
        int port = ServeProcess.freePort();
        String id;

        try (ServeProcess first = ServeProcess.start(data, 1, port, Map.of())) {
            CliProcess submit = CliProcess.start(
                    dir,
                    Map.of(),
                    "submit",
                    scene.toString(),
                    "--site",
                    first.uri().toString(),
                    "--frames",
                    "1-" + FRAMES,
                    "--out",
                    dir.resolve("out").toString(),
                    "--profile",
                    profile.toString());
            SiteClient client = first.client();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> !client.jobs().jobs().isEmpty()
                            && client.jobs().jobs().get(0).done() >= 2);
            id = client.jobs().jobs().get(0).id();
            fill(filler);

            int exit = submit.waitFor(Duration.ofMinutes(2));

            assertThat(exit).as(submit.stderr()).isEqualTo(1);
            assertThat(submit.stderr())
                    .contains("job " + id + " stopped on the site")
                    .contains("data folder")
                    .contains("is full");
            JobView job = client.job(id);
            assertThat(job.state()).as("not final: the restart resumes it").isEqualTo(JobState.RUNNING);
            assertThat(job.problem())
                    .contains(data.toString())
                    .contains("is full")
                    .contains("restarts");
            assertThat(client.jobs().jobs())
                    .singleElement()
                    .satisfies(listed -> assertThat(listed.problem()).isEqualTo(job.problem()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> first.renderers().stream().noneMatch(ProcessHandle::isAlive));
            assertThat(first.isAlive()).as("the site itself keeps serving").isTrue();
            assertThat(first.output()).contains("job " + id + " stopped");
            CliProcess status = CliProcess.run(
                    dir,
                    Duration.ofSeconds(30),
                    "status",
                    id,
                    "--site",
                    first.uri().toString());
            assertThat(status.stdout())
                    .contains("problem   the site's data folder " + data)
                    .endsWith("state: RUNNING\n");
            CliProcess list = CliProcess.run(
                    dir, Duration.ofSeconds(30), "status", "--site", first.uri().toString());
            assertThat(list.stdout()).containsPattern(id + " +STOPPED");
            assertTheJobPageShowsItStopped(first, id);
        }

        try (SiteServer started = SiteServer.start(
                SiteConfig.builder()
                        .name("full")
                        .dataDir(data)
                        .maxFileBytes(1 << 20)
                        .build(),
                new Capabilities(Map.of(), 1, 0, false))) {
            throw new AssertionError("the site started on a full data folder");
        } catch (IOException refused) {
            assertThat(refused)
                    .as("a restart before space is freed says why it cannot start")
                    .hasMessageContaining("the data folder " + data + " is full")
                    .hasMessageContaining("free space there");
        }

        Files.delete(filler);
        try (ServeProcess second = ServeProcess.start(data, 1, port, Map.of())) {
            SiteClient client = second.client();
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> client.job(id).state().isFinal());

            JobView job = client.job(id);
            assertThat(job.state()).as(job.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.problem()).isNull();
            assertThat(job.runs()).isEqualTo(2);
            assertThat(job.done()).isEqualTo(FRAMES);
            SiteJobs.Watch all = new SiteJobs.Watch(client, id);
            await().atMost(Duration.ofSeconds(20)).until(() -> all.saw("job-finished"));
            SiteJobs.assertNoVerifiedFrameRenderedAgain(all.events);
            SiteJobs.assertDoneFramesIntact(client, id, dir);
        }
    }

    @Test
    void shouldAnswer507NamingTheFullDataFolderAndLeaveNoJobFolderBehind() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot", 16, 12);
        Path data = dir.resolve("data");
        assumeTrue(Tmpfs.mount(data, "16m"), "cannot mount a tmpfs here (needs root)");
        mounted = data;
        Path filler = data.resolve("filler");
        try (SiteServer site = SiteServer.start(
                SiteConfig.builder()
                        .name("full")
                        .dataDir(data)
                        .maxFileBytes(1 << 20)
                        .build(),
                new CapabilityProbe().probe(Renderers.all()))) {
            SiteClient client = new SiteClient(site.uri(), null);
            Bundle bundle = Bundle.of(scene, List.of(), List.of());
            BundleUpload.send(client, bundle);
            fill(filler);

            // 20,000 frame rows: the database has to grow, whatever room its write-ahead log kept
            HttpResponse<String> submit =
                    send(site, "POST", "/api/jobs", "application/json", submitBody(bundle, "1-20000"));
            HttpResponse<String> upload = send(
                    site,
                    "PUT",
                    "/api/blobs/" + "d".repeat(64) + "?size=65536",
                    "application/octet-stream",
                    "x".repeat(65_536));

            assertThat(submit.statusCode()).as(submit.body()).isEqualTo(507);
            assertThat(SiteJson.lenient().readTree(submit.body()).get("detail").asText())
                    .startsWith("the site's data folder " + data + " is full")
                    .contains("the job was not created");
            assertThat(client.jobs().jobs()).isEmpty();
            assertThat(data.resolve("jobs"))
                    .as("no job folder without its row")
                    .satisfiesAnyOf(
                            jobs -> assertThat(jobs).doesNotExist(),
                            jobs -> assertThat(jobs).isEmptyDirectory());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(507);
            assertThat(upload.body()).contains("is full");

            Files.delete(filler);
            HttpResponse<String> again = send(site, "POST", "/api/jobs", "application/json", submitBody(bundle, "1"));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
            String id = SiteJson.lenient().readTree(again.body()).get("id").asText();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> client.job(id).state().isFinal());
            assertThat(client.job(id).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static String submitBody(Bundle bundle, String frames) throws IOException {
        return SiteJson.lenient()
                .writeValueAsString(new SubmitRequest(
                        null,
                        bundle.scene(),
                        bundle.entries(),
                        frames,
                        SiteJobs.profile("{\"renderer\":\"povray\",\"preview\":{\"enabled\":false}}"),
                        null,
                        Where.LOCAL));
    }

    private static HttpResponse<String> send(SiteServer site, String method, String path, String type, String body)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(site.uri().resolve(path))
                                .header("Content-Type", type)
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** The web UI's job page (in headless Chromium, when installed): STOPPED, the problem, no cancel button. */
    private void assertTheJobPageShowsItStopped(ServeProcess site, String id) throws Exception {
        if (!HeadlessChromium.installed()) {
            return; // the rest of the test stands without it
        }
        ChromeDriver browser = HeadlessChromium.start(dir.resolve("chrome"));
        try {
            browser.get(site.uri() + "/job.html?id=" + id);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.findElement(By.id("state")).getText().equals("STOPPED"));
            assertThat(browser.findElement(By.id("reason")).getText())
                    .contains("data folder")
                    .contains("is full");
            assertThat(browser.findElement(By.id("cancel")).isEnabled()).isFalse();
            browser.get(site.uri() + "/");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.findElement(By.cssSelector("tr[data-job='" + id + "']"))
                            .getText()
                            .contains("STOPPED"));
        } finally {
            browser.quit();
        }
    }

    /** Writes until the file system refuses even a small block, as a disk that fills up would. */
    @Test
    void shouldShowTheRemoteSitesFullDataFolderOnTheDelegatingSiteAndFinishOnceTheRemoteRestartsWithSpace()
            throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "remote", 1, FRAMES, 160, 120, 32);
        Path remoteData = dir.resolve("remote");
        assumeTrue(Tmpfs.mount(remoteData, "32m"), "cannot mount a tmpfs here (needs root)");
        mounted = remoteData;
        Path filler = remoteData.resolve("filler");
        int remotePort = ServeProcess.freePort();
        Path config = Files.writeString(
                dir.resolve("site.json"),
                "{\"remoteSites\": [{\"url\": \"http://127.0.0.1:"
                        + remotePort + "\", \"token\": \"" + REMOTE_TOKEN + "\"}], \"remotePollSeconds\": 1,"
                        + " \"remoteGiveUpSeconds\": 120}");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> remoteEnv = Map.of("RENDERFARM_TOKEN", REMOTE_TOKEN);

        try (ServeProcess local =
                ServeProcess.start(dir.resolve("local"), 1, 0, Map.of(), "--config", config.toString())) {
            SiteClient client = local.client();
            String id;
            try (ServeProcess remote = ServeProcess.start(
                    remoteData,
                    1,
                    remotePort,
                    remoteEnv,
                    "--callback-peer",
                    local.uri().toString())) {
                Bundle bundle = Bundle.of(scene, List.of(), List.of());
                BundleUpload.send(client, bundle);
                id = client.submit(new SubmitRequest(
                                null,
                                bundle.scene(),
                                bundle.entries(),
                                "1-" + FRAMES,
                                SiteJobs.profile(
                                        "{\"renderer\":\"blender\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}"),
                                null,
                                Where.REMOTE))
                        .id();
                await().atMost(Duration.ofMinutes(2)).until(() -> client.job(id).done() >= 2);
                fill(filler);

                JobView stopped =
                        await().atMost(Duration.ofMinutes(1)).until(() -> client.job(id), j -> j.problem() != null);

                assertThat(stopped.problem())
                        .startsWith("remote site http://127.0.0.1:" + remotePort + ": ")
                        .contains("data folder " + remoteData)
                        .contains("is full");
                assertThat(stopped.state()).isEqualTo(JobState.RUNNING);
            }
            Files.delete(filler);
            try (ServeProcess remote = ServeProcess.start(
                    remoteData,
                    1,
                    remotePort,
                    remoteEnv,
                    "--callback-peer",
                    local.uri().toString())) {
                JobView end = await().atMost(Duration.ofMinutes(3))
                        .until(() -> client.job(id), j -> j.state().isFinal());

                assertThat(end.state()).as(end.reason()).isEqualTo(JobState.SUCCEEDED);
                assertThat(end.problem())
                        .as("the remote went on, so the problem is gone")
                        .isNull();
                assertThat(end.done()).isEqualTo(FRAMES);
                SiteJobs.assertDoneFramesIntact(client, id, dir);
            }
        }
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int size = block.length; size >= 512; size /= 2) {
                try {
                    while (true) {
                        out.write(block, 0, size);
                        out.flush();
                    }
                } catch (IOException full) {
                    // the next, smaller size takes what is left
                }
            }
        } catch (IOException closingWhenFull) {
            // closing may fail to flush the last bytes: the disk is full either way
        }
    }
}
