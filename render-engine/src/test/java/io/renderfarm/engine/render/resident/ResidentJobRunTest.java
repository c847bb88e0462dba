package io.renderfarm.engine.render.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.local.LocalSlotFarm;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.time.Clock;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole job on two local slots with resident Blender: previews and final frames, all from two processes. */
class ResidentJobRunTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRenderAJobAcrossTwoSlotsWithOneResidentBlenderEach() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "e2e", 1, 10, 64, 48, 4);
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        Capabilities machine = ResidentFarmFixture.machine(); // probes with "blender --version" before the watch starts
        Set<Long> blenderPids = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        // Only the farm's own children: Blender forks itself for a moment to ask xdg-user-dir for its folders.
        long jvm = ProcessHandle.current().pid();
        watcher.scheduleAtFixedRate(
                () -> ResidentFarmFixture.blenders().stream()
                        .filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L) == jvm)
                        .map(ProcessHandle::pid)
                        .forEach(blenderPids::add),
                0,
                20,
                TimeUnit.MILLISECONDS);
        try (LocalSlotFarm farm = new LocalSlotFarm(2, machine, store.scratchRoot(), Map.of(), true)) {
            RenderJob job = new RenderJob(
                    "resident-e2e",
                    scene,
                    FrameSet.parse("1-10"),
                    OutputNaming.withPrefix("shot_"),
                    JobProfile.defaults("blender"),
                    List.of());

            JobResult result = new JobRun(job, farm, store, events::add, Clock.SYSTEM)
                    .start()
                    .completion()
                    .get(180, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            for (int frame = 1; frame <= 10; frame++) {
                assertThat(size(store.directory().resolve(String.format("shot_%04d.png", frame))))
                        .as("frame %d", frame)
                        .isEqualTo("64x48");
            }
            assertThat(store.verifiedFrames()).hasSize(10);
            List<JobEvent.Sample> previews = events.stream()
                    .filter(JobEvent.Sample.class::isInstance)
                    .map(JobEvent.Sample.class::cast)
                    .filter(e -> "preview".equals(e.kind()))
                    .toList();
            assertThat(previews).isNotEmpty();
            assertThat(size(Path.of(previews.get(0).path()))).isEqualTo("16x12");
            assertThat(events.stream()
                            .filter(JobEvent.ChunkStarted.class::isInstance)
                            .map(e -> ((JobEvent.ChunkStarted) e).slot()))
                    .contains("slot-1", "slot-2");
        } finally {
            watcher.shutdownNow();
        }
        assertThat(blenderPids)
                .as("one resident Blender per slot for previews and final frames; events: %s", events)
                .hasSizeBetween(1, 2);
    }

    private static String size(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        return image.getWidth() + "x" + image.getHeight();
    }
}
