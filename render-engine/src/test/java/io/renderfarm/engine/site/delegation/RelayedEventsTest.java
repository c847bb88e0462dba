package io.renderfarm.engine.site.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.testing.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A remote job's events as the delegating side relays them under its own job. */
class RelayedEventsTest {
    private final RelayedEvents relay = new RelayedEvents("local-1", "http://render2:8765", new ManualClock());

    @Test
    void shouldNameRemoteSlotsWithTheSiteAndCountFramesHeldHere() {
        JobEvent started = relay.relay(new JobEvent.ChunkStarted(9, "r-7", 3, "5-6", "slot-1", "final", 2), 0, 0)
                .orElseThrow();
        assertThat(started).isInstanceOfSatisfying(JobEvent.ChunkStarted.class, c -> {
            assertThat(c.job()).isEqualTo("local-1");
            assertThat(c.slot()).isEqualTo("render2:8765/slot-1");
            assertThat(List.of(c.chunk(), c.attempt())).containsExactly(3, 2);
            assertThat(c.frames()).isEqualTo("5-6");
        });
        JobEvent progress = relay.relay(new JobEvent.Progress(9, "r-7", 3, 5, 0.5, 4, 6, 30L), 1, 6)
                .orElseThrow();
        assertThat(progress).isInstanceOfSatisfying(JobEvent.Progress.class, p -> {
            assertThat(List.of(p.done(), p.total())).containsExactly(1, 6);
            assertThat(p.eta()).isEqualTo(30L);
        });
        assertThat(relay.relay(new JobEvent.SlotBlocklisted(9, "r-7", "slot-2", "failed"), 0, 0))
                .get()
                .isInstanceOfSatisfying(
                        JobEvent.SlotBlocklisted.class,
                        b -> assertThat(b.slot()).isEqualTo("render2:8765/slot-2"));
    }

    @Test
    void shouldDropTypesItBuildsItselfAndThoseOfANewerSite() {
        assertThat(relay.relay(new JobEvent.Unknown("node-warm", 1, "r-7", Map.of("node", "a")), 0, 0))
                .isEmpty();
        assertThat(relay.relay(new JobEvent.JobStarted(1, "r-7", "1-6", 6, "povray", 2), 0, 0))
                .isEmpty();
        assertThat(relay.relay(new JobEvent.FrameDone(1, "r-7", 1, "/api/jobs/r-7/frames/1", "ab", 1, 6, false), 0, 0))
                .isEmpty();
        assertThat(relay.relay(new JobEvent.Canceled(1, "r-7", "asked"), 0, 0))
                .get()
                .extracting(JobEvent::job, e -> ((JobEvent.Canceled) e).reason())
                .containsExactly("local-1", "asked");
    }

    @Test
    void shouldPointAChunkLogAtTheCopyHereWithoutTheRemoteFileName() {
        JobEvent.ChunkLog remote = new JobEvent.ChunkLog(
                4,
                "r-7",
                2,
                1,
                "final",
                "3",
                "slot-1",
                "render2",
                "2026-01-01T10:00:00Z",
                "2026-01-01T10:00:05Z",
                "failed",
                1,
                "exit 1",
                "slot",
                List.of("boom"),
                "/api/jobs/r-7/chunks/2/log",
                10,
                false,
                "chunk-0002-attempt-1.log");

        JobEvent kept = relay.chunkLog(remote, "/data/logs/chunk-0002-attempt-1.log");
        JobEvent lost = relay.chunkLog(remote, null);

        assertThat(kept).isInstanceOfSatisfying(JobEvent.ChunkLog.class, l -> {
            assertThat(l.path()).isEqualTo("/data/logs/chunk-0002-attempt-1.log");
            assertThat(l.file()).isNull();
            assertThat(l.slot()).isEqualTo("render2:8765/slot-1");
            assertThat(l.tail()).containsExactly("boom");
            assertThat(l.job()).isEqualTo("local-1");
        });
        assertThat(((JobEvent.ChunkLog) lost).path()).isNull();
    }
}
