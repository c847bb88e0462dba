package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which job a free slot goes to when jobs share a farm: priority first, equal priorities chunk by chunk, a running
 * chunk never stopped for another job, a priority change counting from the next chunk. On a stand-in farm whose
 * chunk ends the test decides.
 */
class FairShareFarmTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private final List<JobRun> runs = new ArrayList<>();

    private JobRun start(String id, String frames, FairShareFarm farm) throws Exception {
        JobProfile profile =
                JobProfile.defaults("blender").withPreview(PreviewSettings.OFF).withChunkSize(1);
        RenderJob job = new RenderJob(
                id,
                tmp.resolve("scene.blend"),
                FrameSet.parse(frames),
                OutputNaming.withPrefix(id + "_"),
                profile,
                List.of());
        JobRun run = new JobRun(
                        job,
                        farm,
                        new DirectoryFrameStore(Files.createDirectories(tmp.resolve(id))),
                        e -> {},
                        Clock.SYSTEM)
                .start();
        runs.add(run);
        return run;
    }

    /** Ends chunk after chunk, each time waiting for the next start, until {@code starts} chunks started in all. */
    /**
     * Ends chunks one at a time, each only after the slot the previous end freed was handed out again: with two
     * slots another chunk still runs meanwhile, so waiting for "something runs" would end two chunks at once on a
     * slow machine and hand out both slots in one round.
     */
    private static void finishUntil(GatedFarm gated, int starts) {
        while (gated.starts.size() < starts) {
            int before = gated.starts.size();
            gated.finishOldest();
            await().atMost(WAIT).until(() -> gated.starts.size() > before);
        }
    }

    private void finishAll(GatedFarm gated) throws Exception {
        while (runs.stream().anyMatch(r -> !r.completion().isDone())) {
            await().atMost(WAIT)
                    .until(() -> gated.runningCount() > 0
                            || runs.stream().allMatch(r -> r.completion().isDone()));
            if (gated.runningCount() > 0) {
                gated.finishOldest();
            }
        }
        for (JobRun run : runs) {
            assertThat(run.completion().get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    @Test
    void shouldGiveTheFreedSlotToTheHigherPriorityJobWithoutStoppingTheRunningChunk() throws Exception {
        GatedFarm gated = new GatedFarm(tmp, 1);
        FairShareFarm farm = new FairShareFarm(gated, Clock.SYSTEM);
        start("low", "1-3", farm);
        await().atMost(WAIT).until(() -> gated.starts.size() == 1);
        farm.setPriority("high", 80);
        start("high", "1-3", farm);
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> gated.starts.size() == 1 && gated.runningCount() == 1);

        finishAll(gated);

        assertThat(gated.canceled).isEmpty();
        assertThat(gated.starts).containsExactly("low:1", "high:1", "high:2", "high:3", "low:2", "low:3");
    }

    @Test
    void shouldShareTheSlotsChunkByChunkBetweenJobsOfEqualPriority() throws Exception {
        GatedFarm gated = new GatedFarm(tmp, 1);
        FairShareFarm farm = new FairShareFarm(gated, Clock.SYSTEM);
        start("first", "1-3", farm);
        await().atMost(WAIT).until(() -> gated.starts.size() == 1);
        start("second", "1-3", farm);

        finishAll(gated);

        assertThat(gated.starts).containsExactly("first:1", "second:1", "first:2", "second:2", "first:3", "second:3");
    }

    @Test
    void shouldGiveALateJobOfEqualPriorityHalfTheSlotsFromTheNextChunkBoundaryOn() throws Exception {
        GatedFarm gated = new GatedFarm(tmp, 2);
        FairShareFarm farm = new FairShareFarm(gated, Clock.SYSTEM);
        start("early", "1-6", farm);
        await().atMost(WAIT).until(() -> gated.starts.size() == 2);
        start("late", "1-6", farm);

        finishUntil(gated, 5);

        assertThat(gated.starts)
                .as("the first chunk end hands its slot to the late job; then each job keeps one")
                .containsExactly("early:1", "early:2", "late:1", "early:3", "late:2");
        finishAll(gated);
        assertThat(gated.starts).hasSize(12);
    }

    @Test
    void shouldApplyAPriorityChangedWhileTheJobRunsAtItsNextChunk() throws Exception {
        GatedFarm gated = new GatedFarm(tmp, 1);
        FairShareFarm farm = new FairShareFarm(gated, Clock.SYSTEM);
        start("a", "1-4", farm);
        await().atMost(WAIT).until(() -> gated.starts.size() == 1);
        start("b", "1-4", farm);
        finishUntil(gated, 3); // a:1, b:1, a:2 (a's chunk runs now)

        farm.setPriority("b", 90);
        await().during(Duration.ofMillis(300))
                .atMost(WAIT)
                .until(() -> gated.runningCount() == 1 && gated.starts.size() == 3);
        finishAll(gated);

        assertThat(gated.canceled).isEmpty();
        assertThat(gated.starts).containsExactly("a:1", "b:1", "a:2", "b:2", "b:3", "b:4", "a:3", "a:4");
    }

    @Test
    void shouldLetAClaimLapseWhenItsJobStopsRenewingIt() {
        FakeClock clock = new FakeClock();
        GatedFarm gated = new GatedFarm(tmp, 1);
        FairShareFarm farm = new FairShareFarm(gated, clock);
        RenderJob stuck = new RenderJob(
                "stuck",
                tmp.resolve("s.blend"),
                FrameSet.parse("1"),
                OutputNaming.withPrefix("s_"),
                JobProfile.defaults("blender"),
                List.of());
        RenderJob other = new RenderJob(
                "other",
                tmp.resolve("o.blend"),
                FrameSet.parse("1"),
                OutputNaming.withPrefix("o_"),
                JobProfile.defaults("blender"),
                List.of());
        farm.setPriority("stuck", 100);
        farm.wants(stuck, Set.of("slot-1"));
        farm.wants(other, Set.of("slot-1"));
        ChunkWork work = new ChunkWork(1, other, FrameSet.of(1), io.renderfarm.engine.render.Quality.FINAL, 1);
        ChunkListener ignore = new ChunkListener() {
            @Override
            public void progress(int frame, double fraction) {}

            @Override
            public void frameRendered(int frame, Path file) {}

            @Override
            public void finished(String failure) {}
        };

        assertThat(farm.start(gated.slots().get(0), work, ignore))
                .as("the higher priority claims the slot")
                .isNull();
        clock.advance(Duration.ofSeconds(3));
        farm.wants(other, Set.of("slot-1"));
        assertThat(farm.start(gated.slots().get(0), work, ignore))
                .as("a claim not renewed lapses")
                .isNotNull();
    }

    @Test
    void shouldRefuseAPriorityOutsideZeroToHundred() {
        FairShareFarm farm = new FairShareFarm(new GatedFarm(tmp, 1), Clock.SYSTEM);

        assertThatThrownBy(() -> farm.setPriority("j", 101)).hasMessage("priority must be 0..100, got 101");
        assertThatThrownBy(() -> farm.setPriority("j", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(farm.priority("unknown")).isEqualTo(FairShareFarm.DEFAULT_PRIORITY);
    }
}
