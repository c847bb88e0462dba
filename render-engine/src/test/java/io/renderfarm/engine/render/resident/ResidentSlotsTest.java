package io.renderfarm.engine.render.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.local.LocalChunk;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.testing.TestScenes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named resident slots as a Jenkins agent uses them: every chunk is a separate call that builds its own
 * {@link LocalChunk} and finds the executor's Blender by name. Real Blender.
 */
class ResidentSlotsTest {
    private static final Duration IDLE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private ResidentSlots slots;
    private Path scene;

    @BeforeEach
    void setUp() {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        scene = TestScenes.blenderScene(tmp.resolve("scene"), "agent", 1, 4, 32, 24, 2);
        slots = new ResidentSlots(tmp.resolve("scratch"), IDLE);
    }

    @AfterEach
    void tearDown() {
        if (slots != null) {
            slots.close();
        }
    }

    /** Renders one chunk the way an agent's call does; returns the pids of the Blenders alive after it. */
    private List<Long> renderChunk(String slotName, int chunkId, String frames) throws Exception {
        ResidentFarmFixture.Recorder recorder = new ResidentFarmFixture.Recorder();
        LocalChunk chunk = new LocalChunk(
                ResidentFarmFixture.work(chunkId, scene, "blender", frames, Quality.FINAL),
                tmp.resolve("scratch").resolve("c" + chunkId),
                1,
                Map.of(),
                slots.slot(slotName),
                recorder);
        chunk.run();
        assertThat(recorder.finished.get(60, TimeUnit.SECONDS))
                .as("chunk %d failed", chunkId)
                .isEmpty();
        assertThat(recorder.frames).containsExactlyElementsOf(io.renderfarm.engine.frames.FrameSet.parse(frames));
        return ResidentFarmFixture.blenders().stream().map(ProcessHandle::pid).toList();
    }

    @Test
    void shouldRenderTheNextCallsChunkOnTheSameSlotsBlenderAndEndItWhenTheSlotStaysIdle() throws Exception {
        List<Long> afterFirst = renderChunk("executor-0", 1, "1");
        List<Long> afterSecond = renderChunk("executor-0", 2, "2-3");

        assertThat(afterFirst).as("the slot keeps its Blender between calls").hasSize(1);
        assertThat(afterSecond).isEqualTo(afterFirst);
        assertThat(slots.slot("executor-0")).isSameAs(slots.slot("executor-0"));
        await().atMost(IDLE.plusSeconds(5))
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
    }

    @Test
    void shouldKeepOneBlenderPerSlotName() throws Exception {
        long first = renderChunk("executor-0", 1, "1").get(0);
        List<Long> both = renderChunk("executor-1", 2, "2");

        assertThat(both).hasSize(2).contains(first);
    }

    @Test
    void shouldEndIdleBlendersAtOnceOnDiscardIdle() throws Exception {
        renderChunk("executor-0", 1, "1");

        slots.discardIdle();

        await().atMost(1, TimeUnit.SECONDS)
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
    }

    @Test
    void shouldKillEveryBlenderOnCloseAndStartNoneAfter() throws Exception {
        renderChunk("executor-0", 1, "1");

        slots.close();

        await().atMost(1, TimeUnit.SECONDS)
                .until(() -> ResidentFarmFixture.blenders().isEmpty());
        assertThatThrownBy(() -> slots.slot("executor-0").acquire(ResidentKey.of("blender", scene)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> slots.slot("executor-9").acquire(ResidentKey.of("blender", scene)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }
}
