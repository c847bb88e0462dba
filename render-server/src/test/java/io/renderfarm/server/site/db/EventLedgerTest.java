package io.renderfarm.server.site.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.server.site.jobs.EventHub;
import io.renderfarm.server.site.jobs.SiteEventSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job's events mean for its row, its chunks and its frames, and how a site rewrites them. */
class EventLedgerTest {
    private static final String JOB = "20250101-120000-abc";

    @TempDir
    Path dir;

    private SiteDatabase db;
    private JobTable jobs;
    private EventLedger ledger;
    private final EventHub hub = new EventHub();
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        db = SiteDatabase.open(dir.resolve("site.db"));
        jobs = new JobTable(db);
        ledger = new EventLedger(db, clock);
        jobs.insert(
                JobRecord.builder()
                        .id(JOB)
                        .name("shot")
                        .scene("shot.pov")
                        .frames("1-4")
                        .total(4)
                        .renderer("povray")
                        .profileJson("{}")
                        .outputJson("{}")
                        .where(Where.LOCAL)
                        .decision(new Decision(Where.LOCAL, "asked", null))
                        .createdAt(1L)
                        .priority(50)
                        .build(),
                List.of(new FileEntry("shot.pov", "a".repeat(64), 1)),
                FrameSet.parse("1-4"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SiteEventSink sink(int run) {
        return new SiteEventSink(JOB, run, new Decision(Where.LOCAL, "asked", null), ledger, hub, () -> true);
    }

    @Test
    void shouldTrackFramesThroughChunksFailuresAndTheEnd() throws Exception {
        Path frame = java.nio.file.Files.writeString(dir.resolve("shot_0001.png"), "png");
        SiteEventSink sink = sink(1);
        sink.accept(new JobEvent.JobStarted(1.0, JOB, "1-4", 4, "povray", 1));
        sink.accept(new JobEvent.ChunkStarted(1.0, JOB, 1, "1-2", "slot-1", "final", 1));
        clock.advance(Duration.ofSeconds(42));
        sink.accept(new JobEvent.FrameDone(1.0, JOB, 1, frame.toString(), "b".repeat(64), 1, 4, false));
        sink.accept(new JobEvent.ChunkFailed(1.0, JOB, 1, "slot-1", "boom", false, "2", "slot", null));
        sink.accept(new JobEvent.JobFinished(1.0, JOB, "FAILED", 1, 4, "2-4", "boom"));

        List<FrameView> frames = ledger.frames(JOB);
        JobRecord job = jobs.find(JOB).orElseThrow();

        assertThat(frames).extracting(FrameView::state).containsExactly("done", "failed", "failed", "failed");
        assertThat(frames.get(0).sha256()).isEqualTo("b".repeat(64));
        assertThat(frames.get(0).file()).isEqualTo("shot_0001.png");
        assertThat(frames.get(0).bytes()).isEqualTo(3);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.done()).isEqualTo(1);
        assertThat(job.finishedAt())
                .as("by the site's clock")
                .isEqualTo(Instant.parse("2030-01-01T12:00:42Z").toEpochMilli());
        assertThat(ledger.chunks(JOB)).singleElement().satisfies(c -> {
            assertThat(c.startedAt()).isEqualTo("2030-01-01T12:00:00Z");
            assertThat(c.finishedAt()).isEqualTo("2030-01-01T12:00:42Z");
        });
    }

    @Test
    void shouldNumberEventsAndRewritePathsToTheSitesUrls() throws Exception {
        SiteEventSink sink = sink(1);
        sink.accept(new JobEvent.JobStarted(1.0, JOB, "1-4", 4, "povray", 1));
        sink.accept(new JobEvent.Sample(
                1.0, JOB, 1, "preview", dir.resolve("samples/preview_1.png").toString()));
        sink.accept(new JobEvent.Progress(1.0, JOB, 1, 1, 0.5, 0, 4, null));

        List<SiteEvent> stored = ledger.after(JOB, 0);

        assertThat(stored).extracting(SiteEvent::id).containsExactly(1L, 2L, 3L);
        assertThat(stored).extracting(e -> e.event().type()).containsExactly("job-started", "decision", "sample");
        assertThat(((JobEvent.JobStarted) stored.get(0).event()).where()).isEqualTo("local");
        assertThat(((JobEvent.Sample) stored.get(2).event()).path())
                .isEqualTo("/api/jobs/" + JOB + "/samples/preview_1.png");
        assertThat(ledger.hadPreview(JOB)).isTrue();
        assertThat(ledger.after(JOB, 2)).hasSize(1);
    }

    @Test
    void shouldKeepTheRunThatRenderedAFrameWhenALaterRunSkipsIt() throws Exception {
        Path frame = java.nio.file.Files.writeString(dir.resolve("shot_0001.png"), "png");
        sink(1).accept(new JobEvent.FrameDone(1.0, JOB, 1, frame.toString(), "b".repeat(64), 1, 4, false));
        sink(2).accept(new JobEvent.FrameDone(1.0, JOB, 1, frame.toString(), "b".repeat(64), 1, 4, true));

        int run = db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT run FROM frames WHERE frame = 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(run).isEqualTo(1);
    }

    @Test
    void shouldReportTheFirstEventItCannotRecordOnceAndDropEveryLaterOne() throws Exception {
        List<String> told = new java.util.ArrayList<>();
        SiteEventSink sink = new SiteEventSink(
                JOB,
                1,
                new Decision(Where.LOCAL, "asked", null),
                ledger,
                hub,
                () -> true,
                id -> told.add("finished " + id),
                (t, cause) -> told.add("cannot record at " + t));
        sink.accept(new JobEvent.JobStarted(1.0, JOB, "1-4", 4, "povray", 1));
        try (EventHub.Subscription live = hub.subscribe(JOB)) {
            db.close(); // every write fails from here on, as on a full data folder

            sink.accept(new JobEvent.ChunkStarted(2.5, JOB, 1, "1-2", "slot-1", "final", 1));
            sink.accept(new JobEvent.Progress(1.0, JOB, 1, 1, 0.5, 0, 4, null));
            sink.accept(new JobEvent.JobFinished(1.0, JOB, "FAILED", 0, 4, "1-4", "boom"));

            assertThat(told).containsExactly("cannot record at 2.5");
            assertThat(live.poll(0))
                    .as("nothing after the first unrecorded event reaches the streams")
                    .isNull();
        }
        db = SiteDatabase.open(dir.resolve("site.db"));
        assertThat(new JobTable(db).find(JOB).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void shouldPassAJobStalledEventToTheStreamsWithoutRecordingIt() throws Exception {
        SiteEventSink sink = sink(1);
        sink.accept(new JobEvent.JobStarted(1.0, JOB, "1-4", 4, "povray", 1));
        try (EventHub.Subscription live = hub.subscribe(JOB)) {
            sink.accept(new JobEvent.JobStalled(1.0, JOB, "the remote site's data folder is full"));

            SiteEvent relayed = live.poll(1000);
            assertThat(relayed.id()).isZero();
            assertThat(((JobEvent.JobStalled) relayed.event()).reason())
                    .isEqualTo("the remote site's data folder is full");
        }
        assertThat(ledger.after(JOB, 0)).extracting(e -> e.event().type()).doesNotContain("job-stalled");
    }

    @Test
    void shouldTellTheSiteWhenTheRemoteSiteStopsADelegatedJobAndWhenItGoesOn() throws Exception {
        List<String> told = new java.util.ArrayList<>();
        SiteEventSink sink = new SiteEventSink(
                JOB,
                1,
                new Decision(Where.REMOTE, "asked", "http://render2:8765"),
                ledger,
                hub,
                () -> true,
                id -> {},
                new SiteEventSink.Stalls() {
                    @Override
                    public void cannotRecord(double t, Exception cause) {
                        told.add("cannot record");
                    }

                    @Override
                    public void remoteStopped(String why) {
                        told.add(String.valueOf(why));
                    }
                });
        sink.accept(new JobEvent.JobStarted(1.0, JOB, "1-4", 4, "povray", 1));

        sink.accept(new JobEvent.JobStalled(1.0, JOB, "the site's data folder /srv/rf is full"));
        sink.accept(new JobEvent.Progress(1.0, JOB, 1, 1, 0.5, 0, 4, null));
        sink.accept(new JobEvent.ChunkStarted(1.0, JOB, 2, "2", "render2:8765/slot-1", "final", 1));
        sink.accept(new JobEvent.ChunkStarted(1.0, JOB, 3, "3", "render2:8765/slot-1", "final", 1));

        assertThat(told)
                .containsExactly("remote site http://render2:8765: the site's data folder /srv/rf is full", "null");
    }
}
