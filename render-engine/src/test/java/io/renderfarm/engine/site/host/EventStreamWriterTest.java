package io.renderfarm.engine.site.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.renderfarm.engine.event.EventJson;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.time.Clock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamWriterTest {
    private static final long SECOND = 1_000_000_000L;
    private final long[] now = {0};
    private final List<Long> pauses = new ArrayList<>();
    /** A clock the test moves: a pause between polls is recorded and moves it at once. */
    private final Clock clock = new Clock() {
        @Override
        public long nanoTime() {
            return now[0];
        }

        @Override
        public void sleep(Duration d) {
            pauses.add(d.toNanos());
            now[0] += d.toNanos();
        }
    };

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void shouldFrameEachEventSkipWhatTheClientHasAndEndAfterJobFinished() throws Exception {
        Scripted source = new Scripted(false, 0);
        source.batches.add(List.of(event(1, "job-started"), event(2, "chunk-started")));
        source.batches.add(List.of(event(2, "chunk-started"), event(0, "progress"), event(3, "job-finished")));
        source.batches.add(List.of(event(4, "chunk-started")));

        writer(EventStreamWriter.Settings.DEFAULT).stream(source, 1);

        assertThat(text())
                .isEqualTo("retry: 2000\n\n"
                        + "id: 2\nevent: chunk-started\ndata: " + json("chunk-started") + "\n\n"
                        + "event: progress\ndata: " + json("progress") + "\n\n"
                        + "id: 3\nevent: job-finished\ndata: " + json("job-finished") + "\n\n");
    }

    @Test
    void shouldKeepAQuietWaitingStreamAliveAndAskTheSourceToWaitOnlyUntilThen() throws Exception {
        Scripted source = new Scripted(true, 40 * SECOND);

        writer(EventStreamWriter.Settings.DEFAULT).stream(source, 0);

        assertThat(source.waits).containsExactly(15 * SECOND, 15 * SECOND, 15 * SECOND);
        assertThat(text()).isEqualTo("retry: 2000\n\n: keep-alive\n\n: keep-alive\n\n"); // then the source ended
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldPollASourceThatCannotWaitAndEndAtTheBound() throws Exception {
        Scripted source = new Scripted(false, Long.MAX_VALUE);
        EventStreamWriter.Settings bounded =
                new EventStreamWriter.Settings(Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofMillis(500));

        writer(bounded).stream(source, 0);

        assertThat(now[0]).isEqualTo(20 * SECOND);
        assertThat(pauses).hasSize(40).allMatch(p -> p == SECOND / 2);
        assertThat(text()).isEqualTo("retry: 2000\n\n: keep-alive\n\n");
    }

    @Test
    void shouldEndWhenTheSourceHasEnded() throws Exception {
        Scripted source = new Scripted(false, 0);
        source.batches.add(List.of(event(5, "chunk-finished")));

        writer(EventStreamWriter.Settings.DEFAULT).stream(source, 0);

        assertThat(text()).endsWith("id: 5\nevent: chunk-finished\ndata: " + json("chunk-finished") + "\n\n");
    }

    @Test
    void shouldResumeAfterLastEventIdElseAfterAndRefuseAMalformedOne() throws SiteException {
        assertThat(EventStreamWriter.resumeAfter(null, null)).isZero();
        assertThat(EventStreamWriter.resumeAfter(" 42 ", "7")).isEqualTo(42);
        assertThat(EventStreamWriter.resumeAfter("", "7")).isEqualTo(7);
        assertThat(EventStreamWriter.resumeAfter("-3", null)).isZero();

        SiteException header =
                catchThrowableOfType(() -> EventStreamWriter.resumeAfter("abc", null), SiteException.class);
        SiteException query =
                catchThrowableOfType(() -> EventStreamWriter.resumeAfter(null, "1.5"), SiteException.class);

        assertThat(header.type()).isEqualTo(ProblemType.BAD_REQUEST);
        assertThat(header.getMessage()).isEqualTo("Last-Event-ID must be a whole number, got 'abc'");
        assertThat(query.getMessage()).isEqualTo("query parameter 'after' must be a whole number, got '1.5'");
    }

    private EventStreamWriter writer(EventStreamWriter.Settings settings) {
        return new EventStreamWriter(out, clock, settings);
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The event's one-line JSON as the protocol writes it (the codec's form; framing is what is tested here). */
    private static String json(String type) throws Exception {
        return SiteJson.lenient().writeValueAsString(event(0, type).event());
    }

    private static SiteEvent event(long id, String type) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("t", 0.0);
        fields.put("job", "j1");
        return new SiteEvent(id, EventJson.fromFields(fields));
    }

    /**
     * Gives its batches in order, then nothing; a waiting source spends the whole wait when it has nothing. Ends
     * when its batches are given and the clock has reached {@code endAt}.
     */
    private final class Scripted implements EventStreamWriter.Source {
        final Deque<List<SiteEvent>> batches = new ArrayDeque<>();
        final List<Long> waits = new ArrayList<>();
        private final boolean blocks;
        private final long endAt;

        Scripted(boolean waits, long endAt) {
            this.blocks = waits;
            this.endAt = endAt;
        }

        @Override
        public List<SiteEvent> next(long waitNanos) {
            waits.add(waitNanos);
            if (!batches.isEmpty()) {
                return batches.poll();
            }
            if (blocks) {
                now[0] += waitNanos;
            }
            return List.of();
        }

        @Override
        public boolean ended() {
            return batches.isEmpty() && now[0] >= endAt;
        }
    }
}
