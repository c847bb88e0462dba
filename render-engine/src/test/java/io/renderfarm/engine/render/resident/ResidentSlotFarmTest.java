package io.renderfarm.engine.render.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.local.LocalSlotFarm;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunks on a one-slot {@link LocalSlotFarm} whose slot keeps a resident Blender, with real Blender. */
class ResidentSlotFarmTest {
    @TempDir
    Path tmp;

    private LocalSlotFarm farm;
    private Path slowScene;

    @BeforeEach
    void setUp() {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        // Seconds per final frame, so a chunk is surely mid-frame when the test acts; previews of it are instant.
        slowScene = TestScenes.blenderScene(tmp.resolve("scene"), "slow", 1, 4, 160, 120, 4000);
        farm = new LocalSlotFarm(1, ResidentFarmFixture.machine(), tmp.resolve("scratch"), Map.of(), true);
    }

    @AfterEach
    void tearDown() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void shouldLoadTheSceneOnEveryIdleSlotBeforeTheFirstChunkAndRenderWithThatProcess() throws Exception {
        farm.close();
        farm = new LocalSlotFarm(2, ResidentFarmFixture.machine(), tmp.resolve("scratch2"), Map.of(), true);
        Path quick = TestScenes.blenderScene(tmp.resolve("quick"), "quick", 1, 2, 32, 24, 2);

        farm.prepare(ResidentFarmFixture.work(1, quick, "blender", "1", Quality.FINAL)
                .job());

        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> ResidentFarmFixture.blenders().size() == 2);
        java.util.Set<Long> warmed = ResidentFarmFixture.blenders().stream()
                .map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        ResidentFarmFixture.Recorder chunk = new ResidentFarmFixture.Recorder();
        farm.start(farm.slots().get(1), ResidentFarmFixture.work(1, quick, "blender", "2", Quality.FINAL), chunk);
        assertThat(chunk.finished.get(60, TimeUnit.SECONDS)).as("no failure").isEmpty();
        assertThat(chunk.frames).containsExactly(2);
        assertThat(ResidentFarmFixture.blenders())
                .extracting(ProcessHandle::pid)
                .as("the chunk rendered on a warmed process, no new one")
                .allMatch(warmed::contains);
    }

    @Test
    void shouldEndAWarmedProcessNoChunkCameForAfterTheIdleTimeout() {
        Path quick = TestScenes.blenderScene(tmp.resolve("quick"), "quick", 1, 2, 32, 24, 2);

        farm.prepare(ResidentFarmFixture.work(1, quick, "blender", "1", Quality.FINAL)
                .job());

        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> ResidentFarmFixture.blenders().size() == 1);
        await().atMost(LocalSlotFarm.RESIDENT_IDLE_TIMEOUT.plusSeconds(5))
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
    }

    @Test
    void shouldLeaveASlotsLiveProcessForAnotherSceneAlone() throws Exception {
        Path quick = TestScenes.blenderScene(tmp.resolve("quick"), "quick", 1, 2, 32, 24, 2);
        Path other = TestScenes.blenderScene(tmp.resolve("other"), "other", 1, 2, 32, 24, 2);
        ResidentFarmFixture.Recorder chunk = new ResidentFarmFixture.Recorder();
        farm.start(farm.slots().get(0), ResidentFarmFixture.work(1, quick, "blender", "1", Quality.FINAL), chunk);
        assertThat(chunk.finished.get(60, TimeUnit.SECONDS)).as("no failure").isEmpty();
        long kept = ResidentFarmFixture.blenders().get(0).pid();

        farm.prepare(ResidentFarmFixture.work(2, other, "blender", "1", Quality.FINAL)
                .job());

        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(1))
                .until(() -> ResidentFarmFixture.blenders().stream()
                        .map(ProcessHandle::pid)
                        .toList()
                        .equals(java.util.List.of(kept)));
    }

    @Test
    void shouldNotWarmUpForAnotherRendererOrAMissingScene() throws Exception {
        farm.prepare(ResidentFarmFixture.work(1, tmp.resolve("missing.blend"), "blender", "1", Quality.FINAL)
                .job());
        farm.prepare(ResidentFarmFixture.work(1, tmp.resolve("scene.pov"), "povray", "1", Quality.FINAL)
                .job());

        assertThat(farm.slots()).allMatch(s -> s.status() == io.renderfarm.engine.capability.SlotStatus.IDLE);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
    }

    @Test
    void shouldKillTheResidentProcessTreeWithinASecondOfCancel() throws Exception {
        ResidentFarmFixture.Recorder chunk = new ResidentFarmFixture.Recorder();
        ChunkExecution execution = farm.start(
                farm.slots().get(0), ResidentFarmFixture.work(1, slowScene, "blender", "1", Quality.FINAL), chunk);
        await().atMost(60, TimeUnit.SECONDS).until(() -> chunk.progress.stream().anyMatch(f -> f > 0));
        ProcessHandle blender = ResidentFarmFixture.blenders().get(0);

        long canceledAt = System.nanoTime();
        execution.cancel();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !blender.isAlive() && blender.descendants().noneMatch(ProcessHandle::isAlive));
        Duration killTime = Duration.ofNanos(System.nanoTime() - canceledAt);

        assertThat(killTime).isLessThan(Duration.ofSeconds(1));
        assertThat(chunk.finished.get(10, TimeUnit.SECONDS)).isEqualTo("canceled");
        assertThat(ResidentFarmFixture.blenders()).isEmpty();
    }

    @Test
    void shouldEndTheIdleResidentProcessesOfOtherSlotsWithinASecondOfACancel() throws Exception {
        farm.close();
        farm = new LocalSlotFarm(2, ResidentFarmFixture.machine(), tmp.resolve("scratch2"), Map.of(), true);
        ResidentFarmFixture.Recorder idle = new ResidentFarmFixture.Recorder();
        farm.start(
                farm.slots().get(0),
                ResidentFarmFixture.work(1, slowScene, "blender", "1", Quality.preview(10, 1)),
                idle);
        assertThat(idle.finished.get(60, TimeUnit.SECONDS)).isEmpty();
        ResidentFarmFixture.Recorder busy = new ResidentFarmFixture.Recorder();
        ChunkExecution execution = farm.start(
                farm.slots().get(1), ResidentFarmFixture.work(2, slowScene, "blender", "2", Quality.FINAL), busy);
        await().atMost(60, TimeUnit.SECONDS)
                .until(() -> busy.progress.stream().anyMatch(f -> f > 0)
                        && ResidentFarmFixture.blenders().size() == 2);

        long canceledAt = System.nanoTime();
        execution.cancel();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
        Duration killTime = Duration.ofNanos(System.nanoTime() - canceledAt);

        assertThat(killTime).isLessThan(Duration.ofSeconds(1));
        assertThat(busy.finished.get(10, TimeUnit.SECONDS)).isEqualTo("canceled");
    }

    @Test
    void shouldFailTheChunkOfAKilledResidentProcessAndRenderTheNextChunkWithAFreshOne() throws Exception {
        ResidentFarmFixture.Recorder first = new ResidentFarmFixture.Recorder();
        farm.start(farm.slots().get(0), ResidentFarmFixture.work(1, slowScene, "blender", "1", Quality.FINAL), first);
        await().atMost(60, TimeUnit.SECONDS).until(() -> chunkIsRendering(first));
        ProcessHandle victim = ResidentFarmFixture.blenders().get(0);

        victim.destroyForcibly();

        assertThat(first.finished.get(30, TimeUnit.SECONDS)).startsWith("blender exited with code");
        assertThat(first.frames).isEmpty();
        ResidentFarmFixture.Recorder second = new ResidentFarmFixture.Recorder();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> farm.start(
                                farm.slots().get(0),
                                ResidentFarmFixture.work(2, slowScene, "blender", "1-2", Quality.preview(10, 1)),
                                second)
                        != null);
        assertThat(second.finished.get(60, TimeUnit.SECONDS)).isEmpty();
        assertThat(second.frames).containsExactly(1, 2);
        assertThat(ResidentFarmFixture.blenders()).hasSize(1).allMatch(p -> p.pid() != victim.pid());
    }

    @Test
    void shouldReuseTheResidentProcessForTheNextChunkAndEndItWhenTheSlotStaysIdle() throws Exception {
        long firstPid = renderPreview(1, "1");
        long secondPid = renderPreview(2, "2-3");

        assertThat(secondPid).isEqualTo(firstPid);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
    }

    @Test
    void shouldEndTheResidentBlenderWhenTheSlotsNextChunkIsPovRay() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path pov = TestScenes.povScene(tmp.resolve("pov"), "pov");
        renderPreview(1, "1");
        ResidentFarmFixture.Recorder povChunk = new ResidentFarmFixture.Recorder();
        ProcessHandle blender = ResidentFarmFixture.blenders().get(0);

        farm.start(farm.slots().get(0), ResidentFarmFixture.work(2, pov, "povray", "1", Quality.FINAL), povChunk);

        assertThat(povChunk.finished.get(60, TimeUnit.SECONDS)).isEmpty();
        assertThat(povChunk.frames).containsExactly(1);
        assertThat(blender.isAlive()).isFalse();
    }

    private long renderPreview(int chunkId, String frames) throws Exception {
        ResidentFarmFixture.Recorder chunk = new ResidentFarmFixture.Recorder();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> farm.start(
                                farm.slots().get(0),
                                ResidentFarmFixture.work(chunkId, slowScene, "blender", frames, Quality.preview(10, 1)),
                                chunk)
                        != null);
        assertThat(chunk.finished.get(60, TimeUnit.SECONDS)).isEmpty();
        assertThat(ResidentFarmFixture.blenders()).hasSize(1);
        return ResidentFarmFixture.blenders().get(0).pid();
    }

    private static boolean chunkIsRendering(ResidentFarmFixture.Recorder chunk) {
        return chunk.progress.stream().anyMatch(f -> f > 0)
                && !ResidentFarmFixture.blenders().isEmpty();
    }
}
