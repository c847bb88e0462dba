package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.testing.Tmpfs;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the output folder is a 48 KiB tmpfs that fills while real Blender renders into it. The job
 * fails naming the frames and why (Blender's "No space left on device", or the empty or cut file it left, which
 * verification refuses), every frame stored before stays verified; with space freed, running the
 * job again renders only the missing frames and succeeds. Needs root (mount); skipped elsewhere.
 */
class DiskFullTest {
    @TempDir
    Path tmp;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            Tmpfs.unmount(mount);
        }
    }

    private static void remount(Path dir, String size) throws Exception {
        Process p = new ProcessBuilder("mount", "-o", "remount,size=" + size, dir.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).as("remount").isZero();
    }

    @Test
    void shouldFailSayingTheDiskIsFullKeepingStoredFramesAndFinishOnceThereIsSpace() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "full", 1, 12, 64, 48, 4);
        Path out = tmp.resolve("out");
        assumeTrue(Tmpfs.mount(out, "48k"), "cannot mount a tmpfs here (needs root)");
        mount = out;
        JobProfile profile = JobProfile.defaults("blender")
                .withPreview(PreviewSettings.OFF)
                .withChunkSize(1)
                .withRetries(1);

        Map<Integer, StoredFrame> kept;
        try (RealRenderFixture first = new RealRenderFixture(out, 2)) {
            JobResult full = first.start(scene, "1-12", profile).completion().get(120, TimeUnit.SECONDS);
            kept = first.store.verifiedFrames();

            assertThat(full.state()).isEqualTo(JobState.FAILED);
            // Blender either says so or leaves an empty or cut file, which verification refuses; either way it is
            // named.
            assertThat(full.reason()).containsPattern("No space left on device|is empty|does not decode");
            assertThat(kept).isNotEmpty().hasSize(full.done());
            assertThat(first.of(JobEvent.FrameDone.class).stream()
                            .map(e -> e.frame())
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(kept.keySet());
            assertThat(full.failed()).isEqualTo(FrameSet.parse("1-12").minus(FrameSet.of(kept.keySet())));
        }

        remount(out, "4m");
        try (RealRenderFixture again = new RealRenderFixture(out, 2)) {
            JobResult result = again.start(scene, "1-12", profile).completion().get(120, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(again.store.verifiedFrames()).hasSize(12);
            Set<Integer> renderedAgain = new HashSet<>();
            for (JobEvent.ChunkStarted e : again.of(JobEvent.ChunkStarted.class)) {
                FrameSet.parse(e.frames()).forEach(renderedAgain::add);
            }
            assertThat(renderedAgain)
                    .as("frames verified before the disk filled are not rendered again")
                    .doesNotContainAnyElementsOf(kept.keySet());
            Map<Integer, StoredFrame> now = again.store.verifiedFrames();
            kept.forEach((frame, stored) -> assertThat(now.get(frame).sha256()).isEqualTo(stored.sha256()));
        }
    }
}
