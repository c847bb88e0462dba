package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkLogBookTest {
    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong();
    private static final RenderSlot SLOT = new RenderSlot(
            "slot-2", "render1", new Capabilities(Map.of("povray", "3.7.0.10"), 4, 8192, false), SlotStatus.IDLE);

    private static ChunkWork work(int chunk, int attempt, String frames) {
        RenderJob job = new RenderJob(
                "j7",
                Path.of("/s/a.pov"),
                FrameSet.parse("1-10"),
                OutputNaming.withPrefix("f_"),
                JobProfile.defaults("povray"),
                List.of());
        return new ChunkWork(chunk, job, FrameSet.parse(frames), Quality.FINAL, attempt);
    }

    @Test
    void shouldServeTheLiveLogThenStoreItWithWhereWhenAndHowItRan() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        ChunkLogBook book = new ChunkLogBook(store, nanos::get);
        book.begin(work(7, 2, "3-4"), SLOT);
        book.output(7, "Parsing...");
        assertThat(book.liveText(7)).hasValue("Parsing...\n");
        book.output(7, "File 'a.pov' line 5: Parse Error: No matching } in 'sphere'");
        nanos.addAndGet(2_500_000_000L);

        ChunkAttempt attempt = book.end(
                7,
                ChunkEnd.failed(
                        "File 'a.pov' line 5: Parse Error: No matching } in 'sphere'", FailureKind.SCENE, 3, 1));

        assertThat(book.liveText(7)).isEmpty();
        assertThat(attempt.location())
                .isEqualTo(store.logsDirectory()
                        .resolve("chunk-0007-attempt-2.log")
                        .toString());
        assertThat(attempt.ended()).isEqualTo(attempt.started().plusMillis(2500));
        assertThat(attempt.kind()).isEqualTo("scene");
        assertThat(attempt.exitCode()).isEqualTo(1);
        assertThat(attempt.tail())
                .containsExactly("Parsing...", "File 'a.pov' line 5: Parse Error: No matching } in 'sphere'");
        String stored = Files.readString(Path.of(attempt.location()));
        assertThat(stored)
                .startsWith("# job j7, chunk 7, attempt 2 (final pass), frames 3,4\n# slot slot-2 on render1\n")
                .contains(", exit code 1\n# failed (scene): File 'a.pov' line 5")
                .endsWith("\nParsing...\nFile 'a.pov' line 5: Parse Error: No matching } in 'sphere'\n");
    }

    @Test
    void shouldStampTheAttemptWithTheClocksWallTime() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        ChunkLogBook book = new ChunkLogBook(store, clock);
        clock.advance(Duration.ofSeconds(30));
        book.begin(work(3, 1, "1"), SLOT);
        clock.advance(Duration.ofSeconds(4));

        ChunkAttempt attempt = book.end(3, ChunkEnd.of(null));

        assertThat(attempt.started()).isEqualTo(Instant.parse("2030-01-01T12:00:30Z"));
        assertThat(attempt.ended()).isEqualTo(Instant.parse("2030-01-01T12:00:34Z"));
        assertThat(Files.readString(Path.of(attempt.location()))).contains("# started 2030-01-01T12:00:30Z");
    }

    @Test
    void shouldKeepLessOfAnAttemptThatEndedWell() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        ChunkLogBook book = new ChunkLogBook(store, nanos::get);
        book.begin(work(1, 1, "1"), SLOT);
        for (int i = 0; i < 10_000; i++) {
            book.output(1, "Fra:1 Mem:9.05M (Peak 10.83M) | Time:00:00.00 | Scene, ViewLayer | Sample " + i + "/10000");
        }

        ChunkAttempt attempt = book.end(1, ChunkEnd.success(0));

        assertThat(attempt.truncated()).isTrue();
        assertThat(attempt.chars()).isLessThan(ChunkLogBook.SUCCESS_HEAD_CHARS + ChunkLogBook.SUCCESS_TAIL_CHARS + 400);
        assertThat(Files.readString(Path.of(attempt.location())))
                .contains("Sample 0/10000")
                .contains("Sample 9999/10000")
                .contains("characters left out");
    }

    @Test
    void shouldStopKeepingLogsOnceTheJobsBudgetIsSpent() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        ChunkLogBook book = new ChunkLogBook(store, nanos::get, 1000);
        long total = 0;
        for (int chunk = 1; chunk <= 20; chunk++) {
            book.begin(work(chunk, 1, "1"), SLOT);
            book.output(chunk, "x".repeat(300));
            total += Files.size(Path.of(
                    book.end(chunk, ChunkEnd.of("renderer exited with code 1")).location()));
        }

        assertThat(total).as("the budget plus a header and a note per attempt").isLessThan(1000 + 20 * 300);
        assertThat(Files.readString(store.logsDirectory().resolve("chunk-0020-attempt-1.log")))
                .contains("[log not kept: this job's chunk logs reached");
    }

    @Test
    void shouldUseTheOutputAFarmCapturedElsewhereWhenNoLineArrivedHere() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        ChunkLogBook book = new ChunkLogBook(store, nanos::get);
        book.begin(work(3, 1, "5"), SLOT);

        ChunkAttempt attempt =
                book.end(3, ChunkEnd.of("povray exited with code 1").withLog("Render failed\n"));

        assertThat(Files.readString(Path.of(attempt.location()))).endsWith("\nRender failed\n");
        assertThat(attempt.tail()).containsExactly("Render failed");
    }
}
