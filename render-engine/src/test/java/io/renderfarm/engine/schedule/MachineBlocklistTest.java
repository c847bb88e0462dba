package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job's blocklist counts: failures of a machine (every slot of a Jenkins agent together), booked against
 * the machine a queued chunk really began on, and never a machine the farm lost rather than one that failed; and
 * that an unknown failure becomes a scene error only when it repeats on another machine.
 */
class MachineBlocklistTest {
    @TempDir
    Path tmp;

    private Path scratch;
    private DirectoryFrameStore store;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() throws Exception {
        scratch = Files.createDirectories(tmp.resolve("scratch"));
        store = new DirectoryFrameStore(Files.createDirectories(tmp.resolve("out")));
    }

    private RenderJob job(String frames, JobProfile profile) {
        return new RenderJob(
                "j1",
                tmp.resolve("scene.blend"),
                FrameSet.parse(frames),
                OutputNaming.withPrefix("shot_"),
                profile,
                List.of());
    }

    private static JobProfile profile() {
        return JobProfile.defaults("blender").withPreview(PreviewSettings.OFF).withChunkSize(1);
    }

    private JobResult run(RenderJob job, RenderFarm farm) throws Exception {
        return new JobRun(job, farm, store, sink, Clock.SYSTEM)
                .start()
                .completion()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldBlocklistTheMachineWithAllItsSlotsOnceItFailedTheThreshold() throws Exception {
        ScriptedFarm slots = new ScriptedFarm(scratch, 3)
                .script("slot-1", ScriptedFarm.Behaviour.FAIL)
                .script("slot-2", ScriptedFarm.Behaviour.FAIL);
        RenderFarm farm =
                new Machines(slots, Map.of("slot-1", "render-01", "slot-2", "render-01", "slot-3", "render-02"));

        JobResult result = run(job("1-8", profile().withBlocklistThreshold(2).withRetries(5)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class))
                .extracting(e -> e.slot())
                .containsExactly("render-01");
        // Per slot it would take 2 failures on each of the two slots; per machine the third start is the most
        // (one may be handed out between the first failure and the second).
        assertThat(slots.started.stream().filter(s -> !s.startsWith("slot-3")).count())
                .isBetween(2L, 3L);
    }

    @Test
    void shouldNameEachBlocklistedMachineOnceWhenNoSlotIsLeft() throws Exception {
        ScriptedFarm slots = new ScriptedFarm(scratch, 2)
                .script("slot-1", ScriptedFarm.Behaviour.FAIL)
                .script("slot-2", ScriptedFarm.Behaviour.FAIL);
        RenderFarm farm = new Machines(slots, Map.of("slot-1", "render-01", "slot-2", "render-01"));

        JobResult result = run(job("1-4", profile().withBlocklistThreshold(2).withRetries(5)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason().substring(0, result.reason().indexOf("; last failure:")))
                .isEqualTo("no slot can render this job: render-01 is blocklisted after 2 failures");
    }

    @Test
    void shouldNotTakeAnUnknownFailureRepeatedOnAnotherSlotOfTheSameMachineForASceneError() throws Exception {
        ScriptedFarm slots = new ScriptedFarm(scratch, 2)
                .script("slot-1", ScriptedFarm.Behaviour.FAIL_UNKNOWN)
                .script("slot-2", ScriptedFarm.Behaviour.FAIL_UNKNOWN);
        RenderFarm farm = new Machines(slots, Map.of("slot-1", "render-01", "slot-2", "render-01"));

        JobResult result = run(job("1-2", profile().withBlocklistThreshold(100).withRetries(3)), farm);

        // Two executors of one agent are one machine: a repeat there tells nothing about the scene.
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).startsWith("frame(s) ").contains("failed 4 times");
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .hasSize(8)
                .extracting(e -> e.kind())
                .containsOnly("unknown");
        assertThat(slots.started).anyMatch(s -> s.startsWith("slot-1")).anyMatch(s -> s.startsWith("slot-2"));
    }

    @Test
    void shouldBookAQueuedChunksFailureAgainstTheMachineItBeganOn() throws Exception {
        CloudFarm farm = new CloudFarm(new ScriptedFarm(scratch, 1)
                .status("slot-1", SlotStatus.PROVISIONABLE)
                .capabilities("slot-1", new Capabilities(Map.of(), 0, 0, false)));

        JobResult result = run(job("1-3", profile().withBlocklistThreshold(1).withRetries(3)), farm);

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class))
                .extracting(e -> e.slot())
                .containsExactly("cloud-a");
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .extracting(e -> e.slot())
                .containsExactly("cloud-a");
        assertThat(sink.of(JobEvent.ChunkLog.class))
                .as("each attempt's log names the machine it ran on")
                .extracting(e -> e.slot())
                .contains("cloud-a", "cloud-b")
                .containsOnly("cloud-a", "cloud-b");
        assertThat(farm.toldBlocklisted).containsExactly("cloud-a");
        assertThat(farm.machines).startsWith("cloud-a").contains("cloud-b");
    }

    @Test
    void shouldRetryAChunkWhoseMachineWasLostWithoutBlocklistingIt() throws Exception {
        LosingFarm farm = new LosingFarm(new ScriptedFarm(scratch, 1), 2);

        JobResult result = run(job("1-3", profile().withBlocklistThreshold(1).withRetries(3)), farm);

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class)).isEmpty();
        assertThat(sink.of(JobEvent.ChunkFailed.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("agent slot-1 disconnected: connection reset");
            assertThat(e.willRetry()).isEqualTo(true);
        });
    }

    @Test
    void shouldStillHoldAChunkKilledForStallingAgainstItsMachineThoughTheFarmThenReportsItLost() throws Exception {
        FakeClock clock = new FakeClock();
        StallThenLose farm = new StallThenLose(new ScriptedFarm(scratch, 2));
        JobProfile p = profile()
                .withBlocklistThreshold(1)
                .withRetries(3)
                .withTimeouts(java.time.Duration.ZERO, java.time.Duration.ofSeconds(30));
        JobRun run = new JobRun(job("1-2", p), farm, store, sink, clock).start();
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> farm.hanging != null);

        clock.advance(java.time.Duration.ofSeconds(31));

        JobResult result = run.completion().get(10, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class))
                .extracting(e -> e.slot())
                .containsExactly("slot-1");
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("no progress for 30 s"));
    }

    /** Slots of a scripted farm grouped into machines, as a Jenkins agent's executors are. */
    private static final class Machines implements RenderFarm {
        private final ScriptedFarm farm;
        private final Map<String, String> machines;

        Machines(ScriptedFarm farm, Map<String, String> machines) {
            this.farm = farm;
            this.machines = machines;
        }

        @Override
        public List<RenderSlot> slots() {
            return farm.slots();
        }

        @Override
        public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
            return farm.start(slot, work, listener);
        }

        @Override
        public String machineOf(RenderSlot slot) {
            return machines.get(slot.id());
        }
    }

    /**
     * One slot a cloud provides machines for, as a Jenkins label: a chunk is queued, then begins on a machine
     * known only then. Machine cloud-a fails every chunk; once the job blocklists it, chunks go to cloud-b.
     */
    private static final class CloudFarm implements RenderFarm {
        private final ScriptedFarm farm;
        final List<String> toldBlocklisted = new CopyOnWriteArrayList<>();
        final List<String> machines = new CopyOnWriteArrayList<>();

        CloudFarm(ScriptedFarm farm) {
            this.farm = farm;
        }

        @Override
        public List<RenderSlot> slots() {
            return farm.slots();
        }

        @Override
        public boolean queuesChunks() {
            return true;
        }

        @Override
        public void blocklisted(String machine) {
            toldBlocklisted.add(machine);
        }

        @Override
        public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
            String machine = toldBlocklisted.contains("cloud-a") ? "cloud-b" : "cloud-a";
            machines.add(machine);
            listener.startedOn(machine);
            if (machine.equals("cloud-a")) {
                new Thread(() -> listener.finished("renderer crashed on cloud-a")).start();
                return () -> {};
            }
            return farm.start(slot, work, listener);
        }
    }

    /** Loses its machine during the first {@code losses} chunks (the agent disconnects), then renders. */
    private static final class LosingFarm implements RenderFarm {
        private final ScriptedFarm farm;
        private final AtomicInteger losses;

        LosingFarm(ScriptedFarm farm, int losses) {
            this.farm = farm;
            this.losses = new AtomicInteger(losses);
        }

        @Override
        public List<RenderSlot> slots() {
            return farm.slots();
        }

        @Override
        public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
            if (losses.getAndDecrement() > 0) {
                new Thread(() -> listener.lost("agent " + slot.id() + " disconnected: connection reset")).start();
                return () -> {};
            }
            return farm.start(slot, work, listener);
        }
    }

    /**
     * Slot-1 hangs until the job kills it, and then its farm reports the machine lost (a renderer killed while the
     * agent's connection drops); slot-2 renders.
     */
    private static final class StallThenLose implements RenderFarm {
        private final ScriptedFarm farm;
        volatile ChunkListener hanging;

        StallThenLose(ScriptedFarm farm) {
            this.farm = farm;
        }

        @Override
        public List<RenderSlot> slots() {
            return farm.slots();
        }

        @Override
        public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
            if (slot.id().equals("slot-1") && hanging == null) {
                hanging = listener;
                return () -> new Thread(() -> listener.lost("agent slot-1 disconnected")).start();
            }
            return farm.start(farm.slots().get(1), work, listener);
        }
    }
}
