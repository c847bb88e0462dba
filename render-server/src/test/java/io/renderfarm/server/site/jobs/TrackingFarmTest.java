package io.renderfarm.server.site.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The site's farm passes on everything a chunk reports, besides remembering what each slot renders. */
class TrackingFarmTest {
    private static final RenderSlot SLOT = new RenderSlot(
            "slot-1", "here", new Capabilities(Map.of("blender", "3.4.1"), 2, 1024, false), SlotStatus.IDLE);

    @Test
    void shouldPassOnTheScenesOutputSoTheMoviePlaysAtTheScenesFrameRate() {
        RenderFarm farm = new RenderFarm() {
            @Override
            public List<RenderSlot> slots() {
                return List.of(SLOT);
            }

            @Override
            public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
                listener.sceneOutput(new SceneOutput("PNG 8-bit", 25));
                listener.finished((String) null);
                return () -> {};
            }
        };
        List<SceneOutput> told = new ArrayList<>();
        ChunkListener job = new ChunkListener() {
            @Override
            public void progress(int frame, double fraction) {}

            @Override
            public void frameRendered(int frame, Path file) {}

            @Override
            public void sceneOutput(SceneOutput output) {
                told.add(output);
            }

            @Override
            public void finished(String failure) {}
        };
        RenderJob renderJob = new RenderJob(
                "j1",
                Path.of("scene.blend"),
                FrameSet.parse("1"),
                OutputNaming.DEFAULT,
                JobProfile.defaults("blender"),
                List.of());

        new TrackingFarm(farm, new ManualClock())
                .start(SLOT, new ChunkWork(1, renderJob, FrameSet.parse("1"), Quality.FINAL, 1), job);

        assertThat(told).extracting(SceneOutput::fps).containsExactly(25.0);
    }

    @Test
    void shouldTimeFinalChunksByTheClockAndAverageTheirSecondsPerFrame() {
        ManualClock clock = new ManualClock();
        List<ChunkListener> running = new ArrayList<>();
        RenderFarm farm = new RenderFarm() {
            @Override
            public List<RenderSlot> slots() {
                return List.of(SLOT);
            }

            @Override
            public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
                running.add(listener);
                return () -> {};
            }
        };
        ChunkListener job = new ChunkListener() {
            @Override
            public void progress(int frame, double fraction) {}

            @Override
            public void frameRendered(int frame, Path file) {}

            @Override
            public void finished(String failure) {}
        };
        RenderJob renderJob = new RenderJob(
                "j1",
                Path.of("scene.blend"),
                FrameSet.parse("1-3"),
                OutputNaming.DEFAULT,
                JobProfile.defaults("blender"),
                List.of());
        TrackingFarm tracking = new TrackingFarm(farm, clock);

        tracking.start(SLOT, new ChunkWork(1, renderJob, FrameSet.parse("1-2"), Quality.FINAL, 1), job);
        clock.advance(Duration.ofSeconds(10));
        running.get(0).finished((String) null);
        assertThat(tracking.secondsPerFrame()).isEqualTo(5.0);

        tracking.start(SLOT, new ChunkWork(2, renderJob, FrameSet.parse("3"), Quality.FINAL, 1), job);
        clock.advance(Duration.ofSeconds(2));
        running.get(1).finished((String) null);
        assertThat(tracking.secondsPerFrame()).isCloseTo(0.3 * 2 + 0.7 * 5, within(1e-9));
    }
}
