package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.testing.TestScenes;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs rendered by real Blender and POV-Ray on two local slots. */
class LocalRenderTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRenderABlenderAnimationWithATextureAcrossTwoSlots() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderSceneWithTexture(tmp.resolve("scene"), "tex", 1, 6, 64, 48, 4);
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = job.start(
                            scene, "1-6", JobProfile.defaults("blender").withChunkSize(2))
                    .completion()
                    .get(120, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            assertEveryFrameDecodes(job.out, 6, 64, 48);
            assertThat(job.of(JobEvent.ChunkStarted.class))
                    .extracting(e -> e.slot())
                    .contains("slot-1", "slot-2");
            assertThat(job.store.verifiedFrames()).hasSize(6);
        }
    }

    @Test
    void shouldRenderAPovRayAnimationWithIncludesAcrossTwoSlots() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "pov", 64, 48);
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = job.start(
                            scene, "1-8", JobProfile.defaults("povray").withChunkSize(3))
                    .completion()
                    .get(120, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            assertEveryFrameDecodes(job.out, 8, 64, 48);
            assertThat(job.of(JobEvent.ChunkStarted.class))
                    .extracting(e -> e.slot())
                    .contains("slot-1", "slot-2");
        }
    }

    @Test
    void shouldRetryAChunkWhoseRendererWasKilledAndVerifyEveryFrame() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "kill", 1, 6, 160, 120, 64);
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobRun run = job.start(
                    scene,
                    "1-6",
                    JobProfile.defaults("blender").withChunkSize(3).withPreview(PreviewSettings.OFF));
            // Once both chunks render: a Blender warmed for a slot but killed before its chunk took it would only be
            // replaced, failing nothing.
            await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> job.of(JobEvent.ChunkStarted.class).size() == 2
                            && !job.of(JobEvent.Progress.class).isEmpty());
            ProcessHandle victim = await().atMost(60, TimeUnit.SECONDS)
                    .until(
                            () -> RealRenderFixture.rendererProcesses().stream()
                                    .findFirst()
                                    .orElse(null),
                            p -> p != null);
            victim.destroyForcibly();

            JobResult result = run.completion().get(180, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.of(JobEvent.ChunkFailed.class))
                    .isNotEmpty()
                    .allMatch(e -> Boolean.TRUE.equals(e.willRetry()));
            assertEveryFrameDecodes(job.out, 6, 160, 120);
            assertThat(job.store.verifiedFrames()).hasSize(6);
        }
    }

    @Test
    void shouldPublishAPreviewSampleOfAFrameBeforeThatFrameIsRendered() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "preview", 1, 8, 160, 120, 32);
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = job.start(scene, "1-8", JobProfile.defaults("blender"))
                    .completion()
                    .get(180, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            JobEvent.Sample firstSample = job.of(JobEvent.Sample.class).get(0);
            assertThat(firstSample.kind()).isEqualTo("preview");
            int frame = firstSample.frame();
            JobEvent.FrameDone done = job.of(JobEvent.FrameDone.class).stream()
                    .filter(e -> e.frame() == frame)
                    .findFirst()
                    .orElseThrow();
            assertThat(firstSample.t()).isLessThan(done.t());
            assertThat(firstSample.t())
                    .isLessThan(job.of(JobEvent.FrameDone.class).get(0).t());
            BufferedImage preview = ImageIO.read(Path.of(firstSample.path()).toFile());
            assertThat(preview.getWidth()).isLessThan(160);
        }
    }

    @Test
    void shouldKillEveryRendererWithinASecondOfCancelAndKeepFinishedFrames() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "cancel", 1, 40, 160, 120, 64);
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobRun run = job.start(
                    scene,
                    "1-40",
                    JobProfile.defaults("blender").withChunkSize(5).withPreview(PreviewSettings.OFF));
            await().atMost(120, TimeUnit.SECONDS)
                    .until(() -> !job.of(JobEvent.FrameDone.class).isEmpty()
                            && RealRenderFixture.rendererProcesses().size() == 2);

            long canceledAt = System.nanoTime();
            run.cancel("test cancel");
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> RealRenderFixture.rendererProcesses().isEmpty());
            Duration killTime = Duration.ofNanos(System.nanoTime() - canceledAt);
            JobResult result = run.completion().get(10, TimeUnit.SECONDS);

            assertThat(killTime).isLessThan(Duration.ofSeconds(1));
            assertThat(result.state()).isEqualTo(JobState.CANCELED);
            assertThat(job.store.verifiedFrames().keySet())
                    .hasSize(job.of(JobEvent.FrameDone.class).size())
                    .hasSize(result.done());
            try (var leftovers = java.nio.file.Files.list(job.out.resolve(".renderfarm/incoming"))) {
                assertThat(leftovers).isEmpty();
            }
        }
    }

    private static void assertEveryFrameDecodes(Path out, int frames, int width, int height) throws Exception {
        for (int f = 1; f <= frames; f++) {
            BufferedImage image =
                    ImageIO.read(out.resolve(String.format("shot_%04d.png", f)).toFile());
            assertThat(image).as("frame %d", f).isNotNull();
            assertThat(image.getWidth()).as("width of frame %d", f).isEqualTo(width);
            assertThat(image.getHeight()).as("height of frame %d", f).isEqualTo(height);
        }
    }
}
