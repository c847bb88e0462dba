package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot that fails every chunk, with the real renderer: the slot's POV-Ray runs under {@code ulimit -f 0} (a
 * machine whose disk quota is exhausted), so the real program dies with SIGXFSZ when it writes its frame. The slot
 * is blocklisted and the job finishes on the others; when every slot is like that, the job fails at once saying why.
 */
class FailingSlotTest {
    @TempDir
    Path tmp;

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final List<LocalSlotFarm> farms = new ArrayList<>();
    private Path broken;

    @BeforeEach
    void writeWrapper() throws IOException {
        broken = tmp.resolve("povray-quota-exhausted");
        Files.writeString(broken, "#!/bin/bash\nulimit -f 0\nexec povray \"$@\"\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void closeFarms() {
        farms.forEach(LocalSlotFarm::close);
    }

    private LocalSlotFarm slot(boolean failing) throws IOException {
        Path scratch = Files.createDirectories(tmp.resolve("scratch-" + farms.size()));
        LocalSlotFarm farm = new LocalSlotFarm(
                1, RealRenderFixture.machine(), scratch, failing ? Map.of("povray", broken.toString()) : Map.of());
        farms.add(farm);
        return farm;
    }

    private JobResult render(RoutedSlotFarm farm, DirectoryFrameStore store, String frames, JobProfile profile)
            throws Exception {
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "slot");
        RenderJob job =
                new RenderJob("slot", scene, FrameSet.parse(frames), OutputNaming.withPrefix("s_"), profile, List.of());
        return new JobRun(job, farm, store, events::add, Clock.SYSTEM)
                .start()
                .completion()
                .get(90, TimeUnit.SECONDS);
    }

    private static JobProfile profile() {
        return JobProfile.defaults("povray")
                .withPreview(PreviewSettings.OFF)
                .withChunkSize(1)
                .withRetries(3)
                .withBlocklistThreshold(2);
    }

    @Test
    void shouldBlocklistASlotWhoseRendererAlwaysDiesAndFinishEveryFrameOnTheOther() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        RoutedSlotFarm farm = new RoutedSlotFarm(List.of(slot(false), slot(true)));
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));

        JobResult result = render(farm, store, "1-6", profile());

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(of(JobEvent.ChunkFailed.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.slot()).isEqualTo("slot-2");
            assertThat(e.reason()).contains("povray exited with code 153");
            assertThat(e.willRetry()).isEqualTo(true);
        });
        assertThat(of(JobEvent.SlotBlocklisted.class))
                .singleElement()
                .satisfies(e -> assertThat(e.slot()).isEqualTo("slot-2"));
        int blocklistedAt = events.indexOf(of(JobEvent.SlotBlocklisted.class).get(0));
        assertThat(events.subList(blocklistedAt, events.size()))
                .filteredOn(JobEvent.ChunkStarted.class::isInstance)
                .allSatisfy(e -> assertThat(((JobEvent.ChunkStarted) e).slot()).isEqualTo("slot-1"));
        assertThat(of(JobEvent.FrameDone.class).stream().map(e -> e.frame()).toList())
                .as("every frame stored exactly once")
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        for (int f = 1; f <= 6; f++) {
            assertThat(new FrameVerifier()
                            .verify(store.directory().resolve(String.format("s_%04d.png", f)))
                            .width())
                    .isEqualTo(64);
        }
    }

    @Test
    void shouldFailClearlyWhenEverySlotIsBlocklisted() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        RoutedSlotFarm farm = new RoutedSlotFarm(List.of(slot(true), slot(true)));
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));

        JobResult result = render(farm, store, "1-4", profile());

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason())
                .contains("no slot can render this job")
                .contains("slot-1 is blocklisted after 2 failures")
                .contains("slot-2 is blocklisted after 2 failures")
                .contains("povray exited with code 153");
        assertThat(result.failed()).isEqualTo(FrameSet.parse("1-4"));
        assertThat(of(JobEvent.SlotBlocklisted.class).stream()
                        .map(e -> e.slot())
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("slot-1", "slot-2");
        assertThat(of(JobEvent.FrameDone.class)).isEmpty();
        assertThat(store.verifiedFrames()).isEmpty();
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(JobEvent.JobFinished.class, finished -> {
            assertThat(finished.state()).isEqualTo("FAILED");
            assertThat(finished.failed()).isEqualTo("1-4");
        });
    }

    private <E extends JobEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
