package io.renderfarm.engine.site.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Writes a job's event stream ({@code GET /api/jobs/{id}/events}) as every host of the protocol does, over a plain
 * {@link OutputStream}: a {@code retry:} line, then each event as {@code id:}/{@code event:}/{@code data:} (live-only
 * events have no id), events whose id the client already has skipped, a keep-alive comment after
 * {@link Settings#keepAlive} without a write, until {@code job-finished} is sent, the {@link Source} has ended, or
 * the stream has lasted {@link Settings#maxLength} (a host whose stream holds a request thread bounds it; the
 * client resumes with {@code Last-Event-ID}). Time is read, and the pause between polls waited, only through the
 * injected {@link Clock}. Where to resume is read with {@link #resumeAfter}, whose one rule both hosts apply. Not
 * thread-safe: one writer per stream.
 */
public final class EventStreamWriter {
    /** What the client waits before it reconnects, sent first. */
    public static final long RETRY_MILLIS = 2000;

    /** Where a host's events come from. */
    public interface Source {
        /**
         * The events after those already given (after the resume id on the first call), in order, maybe none. A
         * source that can wait for an event waits at most {@code waitNanos}; one that cannot returns at once and
         * the writer waits {@link Settings#poll} on the clock between calls.
         */
        List<SiteEvent> next(long waitNanos) throws IOException, InterruptedException;

        /** Whether no event will follow those given (the job or its build ended, the source fell behind). */
        boolean ended() throws IOException;
    }

    /**
     * @param keepAlive the longest the stream stays silent: proxies and idle timeouts close a silent connection
     * @param maxLength the longest one stream lasts, null for as long as the job
     * @param poll the pause between calls to a source that does not wait, zero for one that does
     */
    public record Settings(Duration keepAlive, Duration maxLength, Duration poll) {
        /** A keep-alive every 15 s, unbounded, for a source that waits. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(15), null, Duration.ZERO);

        public Settings {
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(poll, "poll");
        }
    }

    private final OutputStream out;
    private final Clock clock;
    private final Settings settings;

    /** A writer to {@code out} that reads time and waits only through {@code clock}. */
    public EventStreamWriter(OutputStream out, Clock clock, Settings settings) {
        this.out = out;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The id a stream resumes after, from the {@code Last-Event-ID} header, else the {@code after} query parameter;
     * 0 when neither is sent. A value that is not a whole number is refused ({@code bad-request}): a client that
     * sent one would otherwise get every event again; a negative one counts as 0.
     */
    public static long resumeAfter(String lastEventId, String after) throws SiteException {
        String header = lastEventId != null && !lastEventId.isBlank() ? lastEventId : null;
        String value = header != null ? header : after != null && !after.isBlank() ? after : null;
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
            throw ProblemType.BAD_REQUEST.refusal(
                    (header != null ? SiteProtocol.LAST_EVENT_ID : "query parameter 'after'")
                            + " must be a whole number, got '" + shown + "'");
        }
    }

    /**
     * Streams {@code source}'s events after {@code afterId} until the job's last event, the source's end or the
     * bound. An {@link IOException} means the client has gone (or the source failed).
     */
    public void stream(Source source, long afterId) throws IOException, InterruptedException {
        write("retry: " + RETRY_MILLIS + "\n\n");
        long keepAlive = settings.keepAlive().toNanos();
        long max = settings.maxLength() == null
                ? Long.MAX_VALUE
                : settings.maxLength().toNanos();
        long poll = settings.poll().toNanos();
        long start = clock.nanoTime();
        long lastWrite = start;
        long last = afterId;
        while (true) {
            long now = clock.nanoTime();
            if (now - start >= max) {
                return;
            }
            long wait = Math.min(keepAlive - (now - lastWrite), max - (now - start));
            List<SiteEvent> batch = wait > 0 ? source.next(wait) : List.of();
            for (SiteEvent e : batch) {
                if (e.id() != 0 && e.id() <= last) {
                    continue; // replayed already, seen again live
                }
                boolean finished = send(e);
                lastWrite = clock.nanoTime();
                last = Math.max(last, e.id());
                if (finished) {
                    return;
                }
            }
            if (source.ended()) {
                return;
            }
            if (batch.isEmpty()) {
                long silent = clock.nanoTime() - lastWrite;
                if (silent >= keepAlive) {
                    write(": keep-alive\n\n");
                    lastWrite = clock.nanoTime();
                } else if (poll > 0) {
                    clock.sleep(Duration.ofNanos(
                            Math.min(poll, Math.min(keepAlive - silent, max - (clock.nanoTime() - start)))));
                }
            }
        }
    }

    /** Writes one record; returns whether it was the job's last event. */
    private boolean send(SiteEvent e) throws IOException {
        String data;
        try {
            data = SiteJson.lenient().writeValueAsString(e.event());
        } catch (JsonProcessingException ex) {
            return false; // an event that cannot be written is skipped, never the stream's end
        }
        StringBuilder record = new StringBuilder();
        if (e.id() > 0) {
            record.append("id: ").append(e.id()).append('\n');
        }
        record.append("event: ").append(e.event().type()).append('\n');
        record.append("data: ").append(data).append("\n\n");
        write(record.toString());
        return EventType.JOB_FINISHED.wireName().equals(e.event().type());
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
