package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renderer faults while a real {@code renderfarm serve} process renders a submitted job with the real renderer:
 * killed mid-frame, hung, exiting 0 without output, writing a truncated frame, and the store's disk refusing writes.
 * Faults are injected around the real programs (SIGKILL/SIGSTOP of the real process, a wrapper script first on the
 * site's {@code PATH}, an immutable output folder). Each job ends with every frame verified, or FAILED naming the
 * frames and why; no verified frame is lost or rendered again.
 */
class ServedRendererFaultTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private static JobView awaitFinal(SiteClient client, String id) {
        return await().atMost(JOB_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.job(id), j -> j.state().isFinal());
    }

    private static List<JobEvent> storedEvents(SiteClient client, String id) throws Exception {
        SiteJobs.Watch all = new SiteJobs.Watch(client, id);
        await().atMost(Duration.ofSeconds(20)).until(() -> all.saw("job-finished"));
        return all.events;
    }

    @Test
    void shouldRetryAFrameWhoseServedRendererWasKilledMidFrame() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "killed", 1, 3, 160, 120, 64);
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 1, 0, Map.of())) {
            SiteClient client = site.client();
            JobView job = SiteJobs.submit(
                    client,
                    scene,
                    "1-3",
                    SiteJobs.profile(
                            "{\"renderer\":\"blender\",\"chunkSize\":1,\"retries\":2,\"preview\":{\"enabled\":false}}"));
            SiteJobs.Watch watch = new SiteJobs.Watch(client, job.id());
            // mid-frame: the renderer has started a frame (a progress event for it) that is not stored yet
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> site.renderer().isPresent()
                            && watch.of(JobEvent.Progress.class).stream()
                                    .anyMatch(p -> watch.of(JobEvent.FrameDone.class).stream()
                                            .noneMatch(d -> d.frame() == p.frame())));
            ProcessHandle renderer = site.renderer().orElseThrow();

            ServeProcess.signal(renderer, "KILL");
            JobView end = awaitFinal(client, job.id());

            assertThat(end.state()).as(end.reason()).isEqualTo(JobState.SUCCEEDED);
            List<JobEvent> events = storedEvents(client, job.id());
            assertThat(events)
                    .filteredOn(JobEvent.ChunkFailed.class::isInstance)
                    .map(JobEvent.ChunkFailed.class::cast)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.willRetry()).isTrue());
            SiteJobs.assertNoVerifiedFrameRenderedAgain(events);
            assertThat(client.frames(job.id()).frames())
                    .hasSize(3)
                    .allSatisfy(f -> assertThat(f.done()).isTrue());
            SiteJobs.assertDoneFramesIntact(client, job.id(), dir);
            assertThat(renderer.isAlive()).isFalse();
        }
    }

    @Test
    void shouldKillAHungServedRendererAfterTheStallTimeoutAndFinish() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "hung", 1, 3, 160, 120, 64);
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 1, 0, Map.of())) {
            SiteClient client = site.client();
            // Retries and blocklist threshold leave room for a slow start on a loaded machine being taken for a stall.
            JobView job = SiteJobs.submit(
                    client,
                    scene,
                    "1-3",
                    SiteJobs.profile(
                            "{\"renderer\":\"blender\",\"chunkSize\":1,"
                                    + "\"retries\":4,\"blocklistThreshold\":10,\"stallSeconds\":5,\"preview\":{\"enabled\":false}}"));
            SiteJobs.Watch watch = new SiteJobs.Watch(client, job.id());
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> !watch.of(JobEvent.Progress.class).isEmpty()
                            && site.renderer().isPresent());
            ProcessHandle renderer = site.renderer().orElseThrow();

            ServeProcess.signal(renderer, "STOP");
            JobView end = awaitFinal(client, job.id());

            assertThat(end.state()).as(end.reason()).isEqualTo(JobState.SUCCEEDED);
            List<JobEvent> events = storedEvents(client, job.id());
            assertThat(events)
                    .filteredOn(JobEvent.ChunkFailed.class::isInstance)
                    .map(JobEvent.ChunkFailed.class::cast)
                    .anySatisfy(e -> assertThat(e.reason()).contains("no progress for 5 s"));
            SiteJobs.assertNoVerifiedFrameRenderedAgain(events);
            assertThat(client.frames(job.id()).frames())
                    .allSatisfy(f -> assertThat(f.done()).isTrue());
            SiteJobs.assertDoneFramesIntact(client, job.id(), dir);
            await().atMost(Duration.ofSeconds(10)).until(() -> !renderer.isAlive());
        }
    }

    @Test
    void shouldFailThroughTheSubmitCommandWhenTheServedRendererExitsZeroWithoutWritingFrames() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "nooutput");
        Path bin = Wrappers.wrap(
                dir.resolve("bin"), "povray", "exec \"$REAL\" \"$@\" -F"); // -F: renders, writes nothing, exits 0
        Path profile = Files.writeString(
                dir.resolve("profile.json"),
                "{\"renderer\":\"povray\",\"chunkSize\":1,\"retries\":1,\"preview\":{\"enabled\":false}}");
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 2, 0, ServeProcess.pathFirst(bin))) {
            Path out = dir.resolve("out");
            CliProcess submit = CliProcess.run(
                    dir,
                    Duration.ofMinutes(1),
                    "submit",
                    scene.toString(),
                    "--site",
                    site.uri().toString(),
                    "--frames",
                    "1-2",
                    "--out",
                    out.toString(),
                    "--profile",
                    profile.toString());

            assertThat(submit.exitCode()).as(submit.stderr()).isEqualTo(1);
            assertThat(submit.stderr()).contains("FAILED").contains("without writing frame");
            JobView job = site.client().jobs().jobs().get(0);
            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(FrameSet.parse(job.failed())).containsExactly(1, 2);
            assertThat(job.reason()).contains("without writing frame");
            assertThat(site.client().frames(job.id()).frames()).noneMatch(FrameView::done);
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".png"));
            }
        }
    }

    @Test
    void shouldRefuseATruncatedFrameFromTheServedRendererAndRenderItAgain() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "truncated");
        Path marker = dir.resolve("truncated-once");
        // The first final render's PNG is cut to 200 bytes after the real POV-Ray wrote it; later renders are left
        // alone.
        Path bin = Wrappers.wrap(
                dir.resolve("bin"),
                "povray",
                String.join(
                        "\n",
                        "[ \"$1\" = --version ] && exec \"$REAL\" \"$@\"",
                        "\"$REAL\" \"$@\"; rc=$?",
                        "if [ ! -e '" + marker + "' ]; then touch '" + marker
                                + "'; for f in rf_*.png; do truncate -s 200 \"$f\"; done; fi",
                        "exit $rc"));
        // The wrapper keeps its marker outside the job's folders, which a confined renderer may not write.
        Map<String, String> env = new java.util.HashMap<>(ServeProcess.pathFirst(bin));
        env.put("RENDERFARM_SANDBOX", "off");
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 1, 0, env)) {
            SiteClient client = site.client();
            JobView job = SiteJobs.submit(
                    client,
                    scene,
                    "1-3",
                    SiteJobs.profile(
                            "{\"renderer\":\"povray\",\"chunkSize\":1,\"retries\":2,\"preview\":{\"enabled\":false}}"));

            JobView end = awaitFinal(client, job.id());

            assertThat(end.state()).as(end.reason()).isEqualTo(JobState.SUCCEEDED);
            List<JobEvent> events = storedEvents(client, job.id());
            assertThat(events)
                    .filteredOn(JobEvent.ChunkFailed.class::isInstance)
                    .map(JobEvent.ChunkFailed.class::cast)
                    .singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("(PNG)").contains("truncated?"));
            SiteJobs.assertNoVerifiedFrameRenderedAgain(events);
            assertThat(client.frames(job.id()).frames())
                    .hasSize(3)
                    .allSatisfy(f -> assertThat(f.done()).isTrue());
            SiteJobs.assertDoneFramesIntact(client, job.id(), dir);
        }
    }

    @Test
    void shouldFailClearlyKeepingVerifiedFramesWhenTheSitesStoreCannotWrite() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        assumeTrue(canMakeImmutable(dir), "chattr +i is not available here");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "disk");
        Path gate = dir.resolve("gate");
        // Frames from 3 on wait for the gate, so the disk can fail between frame 2 and frame 3.
        Path bin = Wrappers.wrap(
                dir.resolve("bin"),
                "povray",
                String.join(
                        "\n",
                        "for a in \"$@\"; do case \"$a\" in +SF*) frame=${a#+SF};; esac; done",
                        "if [ \"${frame:-0}\" -ge 3 ]; then for i in $(seq 600); do [ -e '" + gate
                                + "' ] && break; sleep 0.1; done; fi",
                        "exec \"$REAL\" \"$@\""));
        Path data = dir.resolve("data");
        Path out = null;
        try (ServeProcess site = ServeProcess.start(data, 1, 0, ServeProcess.pathFirst(bin))) {
            SiteClient client = site.client();
            JobView job = SiteJobs.submit(
                    client,
                    scene,
                    "1-4",
                    SiteJobs.profile(
                            "{\"renderer\":\"povray\",\"chunkSize\":1,\"retries\":1,\"preview\":{\"enabled\":false}}"));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> client.job(job.id()).done() == 2);
            List<FrameView> before = client.frames(job.id()).frames().stream()
                    .filter(FrameView::done)
                    .toList();
            out = data.resolve("jobs").resolve(job.id()).resolve("out");
            chattr("+i", out); // the folder refuses new entries, even for root: as a failing disk would

            Files.createFile(gate);
            JobView end = awaitFinal(client, job.id());

            assertThat(end.state()).isEqualTo(JobState.FAILED);
            // The only slot failed three chunks storing frames 3 and 4 and is blocklisted; the reason names the store.
            assertThat(end.reason()).contains("cannot store frame").contains("Operation not permitted");
            assertThat(FrameSet.parse(end.failed())).containsExactly(3, 4);
            assertThat(end.done()).isEqualTo(2);
            assertThat(client.frames(job.id()).frames().stream()
                            .filter(FrameView::done)
                            .toList())
                    .as("frames verified before the fault are kept")
                    .isEqualTo(before);
            SiteJobs.assertDoneFramesIntact(client, job.id(), dir);
            SiteJobs.assertNoVerifiedFrameRenderedAgain(storedEvents(client, job.id()));
        } finally {
            if (out != null) {
                chattr("-i", out);
            }
        }
    }

    private static boolean canMakeImmutable(Path dir) {
        try {
            Path probe = Files.createDirectories(dir.resolve("chattr-probe"));
            boolean ok =
                    new ProcessBuilder("chattr", "+i", probe.toString()).start().waitFor() == 0;
            if (ok) {
                chattr("-i", probe);
            }
            return ok;
        } catch (Exception e) {
            return false;
        }
    }

    private static void chattr(String flag, Path path) throws Exception {
        Process p = new ProcessBuilder("chattr", flag, path.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).as("chattr %s %s", flag, path).isZero();
    }
}
