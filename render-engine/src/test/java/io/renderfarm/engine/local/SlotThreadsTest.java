package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Quality;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many render threads a local slot gives a chunk. */
class SlotThreadsTest {
    private static final Capabilities EIGHT_CORES = new Capabilities(Map.of("blender", "3.4.1"), 8, 16_384, false);

    @TempDir
    Path scratch;

    private static ChunkWork chunk(JobProfile profile, boolean tail) {
        RenderJob job = new RenderJob(
                "threads",
                Path.of("/shots/a.blend"),
                FrameSet.parse("1-24"),
                OutputNaming.withPrefix("a_"),
                profile,
                List.of());
        return new ChunkWork(1, job, FrameSet.of(24), Quality.FINAL, 1, tail);
    }

    @Test
    void shouldShareTheCoresEquallyBetweenSlots() {
        try (LocalSlotFarm farm = new LocalSlotFarm(4, EIGHT_CORES, scratch, Map.of())) {
            assertThat(farm.threadsFor(chunk(JobProfile.defaults("blender"), false)))
                    .isEqualTo(2);
        }
        try (LocalSlotFarm farm = new LocalSlotFarm(16, EIGHT_CORES, scratch, Map.of())) {
            assertThat(farm.threadsFor(chunk(JobProfile.defaults("blender"), false)))
                    .as("never 0")
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldGiveTheJobsTailChunkEveryCoreSinceFinishedSlotsStayIdle() {
        try (LocalSlotFarm farm = new LocalSlotFarm(4, EIGHT_CORES, scratch, Map.of())) {
            assertThat(farm.threadsFor(chunk(JobProfile.defaults("blender"), true)))
                    .isEqualTo(8);
        }
    }

    @Test
    void shouldKeepTheProfilesThreadsPerSlotEvenForTheTail() {
        JobProfile three = JobProfile.defaults("blender").withThreadsPerSlot(3);
        try (LocalSlotFarm farm = new LocalSlotFarm(4, EIGHT_CORES, scratch, Map.of())) {
            assertThat(farm.threadsFor(chunk(three, false))).isEqualTo(3);
            assertThat(farm.threadsFor(chunk(three, true))).isEqualTo(3);
        }
    }
}
