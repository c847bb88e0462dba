package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.event.EventType;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch, retry, blocklist, timeouts, skip, preview, approval and cancel of a job run, on a scripted farm. */
class JobRunTest {
    @TempDir
    Path tmp;

    private Path out;
    private Path scratch;
    private DirectoryFrameStore store;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(tmp.resolve("out"));
        scratch = Files.createDirectories(tmp.resolve("scratch"));
        store = new DirectoryFrameStore(out);
    }

    private static JobProfile profile() {
        return JobProfile.defaults("blender").withPreview(PreviewSettings.OFF).withChunkSize(2);
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

    private JobResult run(RenderJob job, RenderFarm farm) throws Exception {
        try {
            return new JobRun(job, farm, store, sink, Clock.SYSTEM)
                    .start()
                    .completion()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw e;
        }
    }

    @Test
    void shouldRenderEveryFrameConcurrentlyAcrossSlots() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2);

        JobResult result = run(job("1-10", profile()), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(result.done()).isEqualTo(10);
        for (int f = 1; f <= 10; f++) {
            assertThat(out.resolve(String.format("shot_%04d.png", f))).isRegularFile();
        }
        assertThat(farm.started).anyMatch(s -> s.startsWith("slot-1")).anyMatch(s -> s.startsWith("slot-2"));
        assertThat(sink.of(JobEvent.FrameDone.class)).hasSize(10);
        assertThat(sink.events.get(0)).isInstanceOf(JobEvent.JobStarted.class);
        assertThat(sink.events.get(sink.events.size() - 1))
                .isInstanceOfSatisfying(
                        JobEvent.JobFinished.class, f -> assertThat(f.state()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void shouldMarkTheLastFinalChunksOnePerSlotAsTheTail() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 3);

        JobResult result = run(job("1-9", profile().withChunkSize(1)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        List<String> finals = farm.started.stream()
                .filter(s -> !s.endsWith(":preview"))
                .map(s -> s.substring(s.indexOf(':') + 1))
                .toList();
        assertThat(finals).hasSize(9);
        assertThat(farm.tails)
                .as("handed out while fewer frames waited than there are slots")
                .containsExactlyElementsOf(finals.subList(6, 9));
    }

    @Test
    void shouldRetryAFailedChunkOnAnotherSlot() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).script("slot-1", ScriptedFarm.Behaviour.FAIL);

        JobResult result = run(job("1-6", profile().withBlocklistThreshold(10)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        List<JobEvent.ChunkFailed> failures = sink.of(JobEvent.ChunkFailed.class);
        assertThat(failures).isNotEmpty().allMatch(e -> e.slot().equals("slot-1"));
        assertThat(failures).allMatch(e -> Boolean.TRUE.equals(e.willRetry()));
        assertThat(farm.renderedFrames).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }

    @Test
    void shouldBlocklistASlotThatKeepsFailingAndFinishOnTheOthers() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 3).script("slot-2", ScriptedFarm.Behaviour.FAIL);

        JobResult result = run(
                job("1-20", profile().withChunkSize(1).withBlocklistThreshold(2).withRetries(5)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class))
                .singleElement()
                .satisfies(e -> assertThat(e.slot()).isEqualTo("slot-2"));
        long startsOnBadSlot =
                farm.started.stream().filter(s -> s.startsWith("slot-2")).count();
        assertThat(startsOnBadSlot).isEqualTo(2);
    }

    @Test
    void shouldFailClearlyWhenEverySlotIsBlocklisted() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .script("slot-1", ScriptedFarm.Behaviour.FAIL)
                .script("slot-2", ScriptedFarm.Behaviour.FAIL);

        JobResult result = run(job("1-4", profile().withBlocklistThreshold(1).withRetries(5)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("no slot can render this job").contains("blocklisted");
        assertThat(result.failed()).isEqualTo(FrameSet.parse("1-4"));
    }

    @Test
    void shouldEndTheJobAtOnceOnASceneErrorWithoutBlamingAnySlot() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .script("slot-1", ScriptedFarm.Behaviour.SCENE_ERROR)
                .script("slot-2", ScriptedFarm.Behaviour.SCENE_ERROR);

        JobResult result =
                run(job("1-20", profile().withChunkSize(1).withRetries(5).withBlocklistThreshold(1)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).startsWith("scene error: Parse Error: No matching } in 'sphere' (frame ");
        assertThat(farm.started).as("no retry: the scene fails everywhere").hasSizeLessThanOrEqualTo(2);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class)).isEmpty();
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.willRetry()).isEqualTo(false))
                .anySatisfy(e -> assertThat(e.kind()).isEqualTo("scene"));
    }

    @Test
    void shouldTakeAnUnknownFailureRepeatedOnAnotherSlotForASceneError() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .script("slot-1", ScriptedFarm.Behaviour.FAIL_UNKNOWN)
                .script("slot-2", ScriptedFarm.Behaviour.FAIL_UNKNOWN);

        JobResult result = run(job("1", profile().withRetries(5).withBlocklistThreshold(1)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason())
                .startsWith("scene error: renderer exited with code 1: something the adapter does not know"
                        + " (frame 1; it failed the same way on slot-");
        assertThat(farm.started).as("tried once more, on the other slot").hasSize(2);
        List<JobEvent.ChunkFailed> failed = sink.of(JobEvent.ChunkFailed.class);
        assertThat(failed).extracting(e -> e.kind()).containsExactly("unknown", "scene");
        assertThat(failed.get(0).willRetry()).isEqualTo(true);
        assertThat(failed).extracting(e -> e.slot()).doesNotHaveDuplicates();
        assertThat(result.reason()).doesNotContain("blocklisted");
    }

    @Test
    void shouldFinishWhenAnUnknownFailureDoesNotRepeatOnAnotherSlot() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).script("slot-1", ScriptedFarm.Behaviour.FAIL_UNKNOWN);

        JobResult result = run(job("1-6", profile().withBlocklistThreshold(10)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .allSatisfy(e -> assertThat(e.kind()).isEqualTo("unknown"));
    }

    @Test
    void shouldRetrySlotErrorsElsewhereEvenWhenTheyRepeat() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 3)
                .script("slot-1", ScriptedFarm.Behaviour.FAIL)
                .script("slot-2", ScriptedFarm.Behaviour.FAIL);

        JobResult result = run(
                job("1-6", profile().withChunkSize(1).withBlocklistThreshold(1).withRetries(5)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.SlotBlocklisted.class))
                .extracting(e -> e.slot())
                .containsExactlyInAnyOrder("slot-1", "slot-2");
    }

    @Test
    void shouldRetryAnUnknownFailureOnTheOnlySlotAsBefore() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1).script("slot-1", ScriptedFarm.Behaviour.FAIL_UNKNOWN);

        JobResult result = run(job("1", profile().withRetries(2).withBlocklistThreshold(100)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).startsWith("frame(s) 1 failed 3 times, last: renderer exited with code 1");
    }

    @Test
    void shouldKeepEveryAttemptsLogAndSayWhereWithItsLastLinesWhenItFailed() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).script("slot-1", ScriptedFarm.Behaviour.FAIL_UNKNOWN);

        JobResult result = run(job("1-4", profile().withBlocklistThreshold(10)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        List<JobEvent.ChunkLog> logs = sink.of(JobEvent.ChunkLog.class);
        assertThat(logs).hasSize(sink.of(JobEvent.ChunkStarted.class).size());
        assertThat(logs).extracting(e -> e.chunk()).doesNotHaveDuplicates();
        assertThat(logs)
                .allSatisfy(e -> assertThat(Path.of(e.path()))
                        .isRegularFile()
                        .hasFileName(String.format("chunk-%04d-attempt-%d.log", e.chunk(), e.attempt())));
        JobEvent.ChunkLog failed = logs.stream()
                .filter(e -> "failed".equals(e.state()))
                .findFirst()
                .orElseThrow();
        assertThat(failed.slot()).isEqualTo("slot-1");
        assertThat(failed.kind()).isEqualTo("unknown");
        assertThat(failed.tail()).isEqualTo(List.of("Error: something the adapter does not know"));
        assertThat(Files.readString(Path.of(failed.path())))
                .contains("# failed (unknown): renderer exited with code 1")
                .endsWith("Error: something the adapter does not know\n");
        assertThat(logs)
                .filteredOn(e -> "succeeded".equals(e.state()))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.tail()).isNull());
        int failedAt = sink.events.indexOf(sink.of(JobEvent.ChunkFailed.class).get(0));
        assertThat(sink.events.get(failedAt + 1))
                .as("the log follows its chunk's end")
                .isEqualTo(failed);
    }

    @Test
    void shouldNumberChunksFromWhereAnEarlierRunLeftOff() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1);
        RenderJob job = job("1-3", profile().withChunkSize(1));

        JobResult result = new JobRun(job, farm, store, sink, Clock.SYSTEM)
                .numberingChunksFrom(8)
                .start()
                .completion()
                .get(30, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkStarted.class))
                .extracting(e -> e.chunk())
                .containsExactly(8, 9, 10);
    }

    @Test
    void shouldFailNamingTheFramesWhenRetriesAreExhausted() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1).script("slot-1", ScriptedFarm.Behaviour.EXIT_WITHOUT_OUTPUT);

        JobResult result = run(job("1-2", profile().withRetries(2).withBlocklistThreshold(100)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("frame(s) 1,2 failed 3 times").contains("without writing frame");
        assertThat(sink.of(JobEvent.ChunkFailed.class)).hasSize(3);
        assertThat(out.resolve("shot_0001.png")).doesNotExist();
    }

    @Test
    void shouldRefuseACorruptFrameAndRenderItAgainElsewhere() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).script("slot-1", ScriptedFarm.Behaviour.CORRUPT_OUTPUT);

        JobResult result = run(job("1-4", profile().withBlocklistThreshold(1)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .first()
                .satisfies(e -> assertThat(e.reason()).contains("is not an image of a known type"));
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
    }

    @Test
    void shouldKillAStalledChunkAndRetryIt() throws Exception {
        FakeClock clock = new FakeClock();
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).script("slot-1", ScriptedFarm.Behaviour.HANG);
        JobProfile p = profile()
                .withChunkSize(4)
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(30))
                .withBlocklistThreshold(1);
        JobRun run = new JobRun(job("1-4", p), new OneSlotFirst(farm), store, sink, clock).start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> farm.started.size() >= 1);
        clock.advance(Duration.ofSeconds(31));
        JobResult result = run.completion().get(10, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .first()
                .satisfies(e -> assertThat(e.reason()).contains("no progress for 30 s"));
    }

    @Test
    void shouldKillAChunkOverItsMaximumTime() throws Exception {
        FakeClock clock = new FakeClock();
        ScriptedFarm farm = new ScriptedFarm(scratch, 1).script("slot-1", ScriptedFarm.Behaviour.HANG);
        JobProfile p =
                profile().withTimeouts(Duration.ofMinutes(10), Duration.ZERO).withRetries(0);
        JobRun run = new JobRun(job("1-2", p), farm, store, sink, clock).start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> farm.started.size() == 1);
        clock.advance(Duration.ofMinutes(11));
        JobResult result = run.completion().get(10, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("longer than the maximum of 600 s");
    }

    @Test
    void shouldSkipFramesAlreadyStoredWhenTheJobRunsAgain() throws Exception {
        run(job("1-4", profile()), new ScriptedFarm(scratch, 2));
        sink.events.clear();
        ScriptedFarm second = new ScriptedFarm(scratch, 2);

        JobResult result = run(job("1-6", profile()), second);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(second.renderedFrames).containsExactlyInAnyOrder(5, 6);
        assertThat(sink.of(JobEvent.FrameDone.class))
                .filteredOn(e -> Boolean.TRUE.equals(e.skipped()))
                .extracting(e -> e.frame())
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldRenderAFrameAgainWhenItsStoredFileWasAltered() throws Exception {
        run(job("1-2", profile()), new ScriptedFarm(scratch, 1));
        Files.write(out.resolve("shot_0002.png"), new byte[] {1, 2, 3});
        ScriptedFarm second = new ScriptedFarm(scratch, 1);

        run(job("1-2", profile()), second);

        assertThat(second.renderedFrames).containsExactly(2);
    }

    @Test
    void shouldRenderPreviewsFirstAndPublishThemAsSamples() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1);
        JobProfile p = profile().withPreview(new PreviewSettings(true, 3, 25, 4, false));

        JobResult result = run(job("1-9", p), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(farm.started.subList(0, 3)).allMatch(s -> s.endsWith(":preview"));
        assertThat(farm.started.get(0)).isEqualTo("slot-1:1:preview");
        assertThat(farm.started.get(1)).isEqualTo("slot-1:9:preview");
        List<JobEvent.Sample> previews = sink.of(JobEvent.Sample.class).stream()
                .filter(e -> "preview".equals(e.kind()))
                .toList();
        assertThat(previews).hasSize(3);
        assertThat(Path.of(previews.get(0).path())).isRegularFile();
        assertThat(sink.of(JobEvent.Sample.class)).anyMatch(e -> "thumbnail".equals(e.kind()));
        assertThat(out.resolve("samples").resolve("contact-sheet.png")).isRegularFile();
    }

    @Test
    void shouldWaitForApprovalAfterThePreviewPass() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2);
        JobProfile p = profile().withPreview(new PreviewSettings(true, 2, 25, 4, true));
        JobRun run = new JobRun(job("1-6", p), farm, store, sink, Clock.SYSTEM).start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> run.state() == JobState.AWAITING_APPROVAL);
        assertThat(farm.started).allMatch(s -> s.endsWith(":preview"));
        run.approve();

        assertThat(run.completion().get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(farm.renderedFrames).hasSize(6);
    }

    @Test
    void shouldCancelKeepingStoredFramesAndIgnoreASecondCancel() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).script("slot-2", ScriptedFarm.Behaviour.HANG);
        JobRun run = new JobRun(job("1-40", profile().withChunkSize(1)), farm, store, sink, Clock.SYSTEM).start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> farm.renderedFrames.size() >= 3);

        run.cancel("user pressed cancel");
        run.cancel("again");
        JobResult result = run.completion().get(10, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.CANCELED);
        assertThat(result.reason()).isEqualTo("user pressed cancel");
        assertThat(sink.of(JobEvent.Canceled.class)).hasSize(1);
        assertThat(store.verifiedFrames().keySet()).hasSize(result.done()).isNotEmpty();
        assertThat(result.done()).isLessThan(40);
    }

    @Test
    void shouldFailAtOnceNamingWhySlotsCannotRender() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1)
                .capabilities("slot-1", new Capabilities(Map.of("povray", "3.7.0.10"), 2, 4096, false));

        JobResult result = run(job("1-3", profile()), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("slot-1").contains("blender");
        assertThat(farm.started).isEmpty();
    }

    @Test
    void shouldWaitForAnOfflineCapableSlotInsteadOfFailing() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1).status("slot-1", SlotStatus.OFFLINE);
        JobRun run = new JobRun(job("1-3", profile()), farm, store, sink, Clock.SYSTEM).start();

        await().during(600, TimeUnit.MILLISECONDS)
                .atMost(2, TimeUnit.SECONDS)
                .until(() -> run.state() == JobState.RUNNING && farm.started.isEmpty());
        farm.status("slot-1", SlotStatus.IDLE);

        assertThat(run.completion().get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void shouldRenderOnSlotsACloudWouldProvideThoughNothingIsKnownOfTheirMachinesYet() throws Exception {
        Capabilities unknown = new Capabilities(Map.of(), 0, 0, false);
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .status("slot-1", SlotStatus.PROVISIONABLE)
                .capabilities("slot-1", unknown)
                .status("slot-2", SlotStatus.PROVISIONABLE)
                .capabilities("slot-2", unknown);

        JobResult result = run(job("1-6", profile().withChunkSize(1)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(farm.renderedFrames).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(farm.started).anyMatch(s -> s.startsWith("slot-1")).anyMatch(s -> s.startsWith("slot-2"));
    }

    @Test
    void shouldWaitWhileEveryCloudSlotHoldsAChunkInsteadOfFailing() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1)
                .status("slot-1", SlotStatus.PROVISIONABLE)
                .capabilities("slot-1", new Capabilities(Map.of(), 0, 0, false))
                .script("slot-1", ScriptedFarm.Behaviour.HANG);
        JobRun run = new JobRun(job("1-3", profile().withChunkSize(1)), farm, store, sink, Clock.SYSTEM).start();

        await().during(600, TimeUnit.MILLISECONDS)
                .atMost(3, TimeUnit.SECONDS)
                .until(() -> run.state() == JobState.RUNNING && farm.started.size() == 1);
        run.cancel("test over");

        assertThat(run.completion().get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELED);
    }

    @Test
    void shouldFailNamingTheBlocklistWhenTheAgentsACloudProvidesCannotRender() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1)
                .status("slot-1", SlotStatus.PROVISIONABLE)
                .capabilities("slot-1", new Capabilities(Map.of(), 0, 0, false))
                .script("slot-1", ScriptedFarm.Behaviour.FAIL);

        JobResult result = run(job("1-2", profile().withBlocklistThreshold(2).withRetries(5)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason())
                .contains("slot-1 is blocklisted after 2 failures")
                .contains("scripted failure on slot-1");
        assertThat(farm.started).hasSize(2);
    }

    @Test
    void shouldAbandonWithoutEventsOrDiscardingWhenTheHostShutsDown() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1).script("slot-1", ScriptedFarm.Behaviour.HANG);
        JobRun run = new JobRun(job("1-3", profile()), farm, store, sink, Clock.SYSTEM).start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !farm.started.isEmpty());

        run.abandon();

        assertThat(run.completion())
                .failsWithin(5, TimeUnit.SECONDS)
                .withThrowableThat()
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(sink.events)
                .extracting(JobEvent::type)
                .doesNotContain(EventType.CANCELED.wireName(), EventType.JOB_FINISHED.wireName());
    }

    @Test
    void shouldStartTheStallAndMaximumTimersWhenTheChunkLeavesTheFarmsQueue() throws Exception {
        FakeClock clock = new FakeClock();
        QueuedFarm farm = new QueuedFarm(new ScriptedFarm(scratch, 1));
        JobProfile p = profile().withTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(30));
        JobRun run = new JobRun(job("1-2", p), farm, store, sink, clock).start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> farm.queued != null);

        clock.advance(Duration.ofMinutes(5)); // waiting in a queue for a busy or absent agent is not a stall
        await().during(700, TimeUnit.MILLISECONDS)
                .atMost(2, TimeUnit.SECONDS) // several of the run's ticks
                .until(() -> sink.of(JobEvent.ChunkFailed.class).isEmpty());
        farm.release();

        assertThat(run.completion().get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class)).isEmpty();
    }

    @Test
    void shouldTimeAQueuedChunkOnceItBegan() throws Exception {
        FakeClock clock = new FakeClock();
        QueuedFarm farm = new QueuedFarm(new ScriptedFarm(scratch, 1).script("slot-1", ScriptedFarm.Behaviour.HANG));
        JobProfile p =
                profile().withTimeouts(Duration.ZERO, Duration.ofSeconds(30)).withRetries(0);
        JobRun run = new JobRun(job("1-2", p), farm, store, sink, clock).start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> farm.queued != null);
        farm.release();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !farm.farm.started.isEmpty());

        clock.advance(Duration.ofSeconds(31));

        JobResult result = run.completion().get(10, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("no progress for 30 s");
    }

    /** Holds the first chunk as a Jenkins queue would, then starts it and says so. */
    private static final class QueuedFarm implements RenderFarm {
        private final ScriptedFarm farm;
        volatile Runnable queued;

        QueuedFarm(ScriptedFarm farm) {
            this.farm = farm;
        }

        @Override
        public boolean queuesChunks() {
            return true;
        }

        @Override
        public List<io.renderfarm.engine.capability.RenderSlot> slots() {
            return farm.slots();
        }

        @Override
        public ChunkExecution start(io.renderfarm.engine.capability.RenderSlot slot, ChunkWork work, ChunkListener l) {
            if (queued == null) {
                java.util.concurrent.atomic.AtomicReference<ChunkExecution> begun =
                        new java.util.concurrent.atomic.AtomicReference<>();
                queued = () -> {
                    l.startedOn(slot.id());
                    begun.set(farm.start(slot, work, l));
                };
                return () -> {
                    ChunkExecution e = begun.get();
                    if (e != null) {
                        e.cancel();
                    }
                };
            }
            l.startedOn(slot.id());
            return farm.start(slot, work, l);
        }

        void release() {
            queued.run();
        }
    }

    /** Offers only slot-1 until something started there, so the hanging slot surely gets the first chunk. */
    private static final class OneSlotFirst implements RenderFarm {
        private final ScriptedFarm farm;

        OneSlotFirst(ScriptedFarm farm) {
            this.farm = farm;
        }

        @Override
        public List<io.renderfarm.engine.capability.RenderSlot> slots() {
            List<io.renderfarm.engine.capability.RenderSlot> all = farm.slots();
            return farm.started.isEmpty() ? all.subList(0, 1) : all;
        }

        @Override
        public ChunkExecution start(io.renderfarm.engine.capability.RenderSlot slot, ChunkWork work, ChunkListener l) {
            return farm.start(slot, work, l);
        }
    }
}
