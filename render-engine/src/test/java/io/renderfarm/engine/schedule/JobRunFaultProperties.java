package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.schedule.ScriptedFarm.Behaviour;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The job's promise under any mix of slot faults (a slot that fails, exits without output or writes garbage), any
 * frame set, chunk size, retry count and blocklist threshold: the job ends; it SUCCEEDED exactly when every frame is
 * verified in the store; otherwise it FAILED naming precisely the frames not stored and why; no frame is stored twice;
 * and with a healthy slot and as many retries as faulty slots it always succeeds. The farm is scripted (this is the
 * scheduler's logic, generated); the same faults with real renderers are in {@code local.*FaultTest}.
 */
class JobRunFaultProperties {
    private Path tmp;

    @BeforeTry
    void makeFolder() throws Exception {
        tmp = Files.createTempDirectory("jobrun-prop");
    }

    @AfterTry
    void removeFolder() throws Exception {
        try (var walk = Files.walk(tmp)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<Behaviour> behaviours() {
        return Arbitraries.of(
                ScriptedFarm.Behaviour.RENDER,
                ScriptedFarm.Behaviour.FAIL,
                ScriptedFarm.Behaviour.EXIT_WITHOUT_OUTPUT,
                ScriptedFarm.Behaviour.CORRUPT_OUTPUT);
    }

    @Property(tries = 100)
    void shouldNeverLoseOrDuplicateAFrameWhateverTheSlotsDo(
            @ForAll @Size(min = 1, max = 3) List<@From("behaviours") Behaviour> slots,
            @ForAll @Size(min = 1, max = 14) Set<@IntRange(min = 1, max = 40) Integer> frameNumbers,
            @ForAll @IntRange(min = 1, max = 4) int chunkSize,
            @ForAll @IntRange(min = 0, max = 3) int retries,
            @ForAll @IntRange(min = 1, max = 3) int blocklistThreshold)
            throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        ScriptedFarm farm = new ScriptedFarm(scratch, slots.size());
        for (int i = 0; i < slots.size(); i++) {
            farm.script("slot-" + (i + 1), slots.get(i));
        }
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        FrameSet frames = FrameSet.of(frameNumbers);
        JobProfile profile = JobProfile.defaults("blender")
                .withPreview(PreviewSettings.OFF)
                .withChunkSize(chunkSize)
                .withRetries(retries)
                .withBlocklistThreshold(blocklistThreshold);
        RecordingSink sink = new RecordingSink();
        RenderJob job = new RenderJob(
                "p", tmp.resolve("scene.blend"), frames, OutputNaming.withPrefix("p_"), profile, List.of());

        JobResult result = new JobRun(job, farm, store, sink, Clock.SYSTEM)
                .start()
                .completion()
                .get(30, TimeUnit.SECONDS);

        Map<Integer, StoredFrame> verified = store.verifiedFrames();
        List<Integer> stored =
                sink.of(JobEvent.FrameDone.class).stream().map(e -> e.frame()).toList();
        assertThat(stored).as("no frame stored twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).isEqualTo(verified.keySet());
        assertThat(result.done()).isEqualTo(verified.size());
        assertThat(result.total()).isEqualTo(frames.size());
        if (result.state() == JobState.SUCCEEDED) {
            assertThat(verified.keySet()).containsExactlyInAnyOrderElementsOf(frames);
        } else {
            assertThat(result.state()).isEqualTo(JobState.FAILED);
            assertThat(result.reason()).isNotBlank();
            assertThat(result.failed()).isEqualTo(frames.minus(FrameSet.of(verified.keySet())));
            assertThat(result.failed().isEmpty()).isFalse();
        }
        long faulty =
                slots.stream().filter(b -> b != ScriptedFarm.Behaviour.RENDER).count();
        // Two slots failing the same unknown way look like a scene error, which ends the job (FailurePolicy).
        boolean sameUnknownTwice = slots.stream()
                                .filter(b -> b == ScriptedFarm.Behaviour.EXIT_WITHOUT_OUTPUT)
                                .count()
                        >= 2
                || slots.stream()
                                .filter(b -> b == ScriptedFarm.Behaviour.CORRUPT_OUTPUT)
                                .count()
                        >= 2;
        if (slots.contains(ScriptedFarm.Behaviour.RENDER) && retries >= faulty && !sameUnknownTwice) {
            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        }
        if (result.reason().startsWith("scene error:")) {
            assertThat(sameUnknownTwice).as(result.reason()).isTrue();
        }
        if (!slots.contains(ScriptedFarm.Behaviour.RENDER)) {
            assertThat(result.state()).isEqualTo(JobState.FAILED);
        }
        JobEvent last = sink.events.get(sink.events.size() - 1);
        assertThat(last)
                .isInstanceOfSatisfying(
                        JobEvent.JobFinished.class,
                        f -> assertThat(f.state()).isEqualTo(result.state().name()));
    }
}
