package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.site.host.EventStreamWriter;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.jobs.EventHub;
import io.renderfarm.server.site.jobs.JobManager;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/jobs/{id}/events}, bound to the engine's {@link EventStreamWriter}: the job's stored events after
 * the client's last id, then live ones, until {@code job-finished}. The stream subscribes before it reads the
 * database, and the writer skips live events it already replayed, so nothing falls between the two. Each stream
 * holds one request thread while it lasts, so at most {@link SiteLimits#maxEventStreams} are served at once and the
 * others are answered 503 with {@code Retry-After}, leaving threads for API calls. A job this process stopped (it
 * could not record it) gets its {@code job-stalled} event after the replay, and the stream stays open: the site's
 * restart ends it, and the client follows the resumed job.
 */
public final class EventStream {
    static final String RETRY_AFTER_SECONDS = "10";
    private final EventLedger ledger;
    private final EventHub hub;
    private final int maxStreams;
    private final JobManager jobs;
    private final Clock clock;
    private final Semaphore streams;

    /** @param maxStreams streams served at once; one more is refused with 503 */
    public EventStream(EventLedger ledger, EventHub hub, int maxStreams, JobManager jobs, Clock clock) {
        this.ledger = ledger;
        this.hub = hub;
        this.maxStreams = maxStreams;
        this.jobs = jobs;
        this.clock = clock;
        this.streams = new Semaphore(maxStreams);
    }

    public void register(Routes routes) {
        routes.get("/api/jobs/{id}/events", this::stream);
    }

    private void stream(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        jobs.view(id);
        long after;
        try {
            after = EventStreamWriter.resumeAfter(ctx.header(SiteProtocol.LAST_EVENT_ID), ctx.queryParam("after"));
        } catch (SiteException e) {
            throw ProblemException.of(e);
        }
        if (!streams.tryAcquire()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ProblemException(
                    503,
                    "Busy",
                    "this site serves " + maxStreams
                            + " event streams at once (serve --max-event-streams); retry in " + RETRY_AFTER_SECONDS
                            + " s");
        }
        try {
            follow(ctx, id, after);
        } finally {
            streams.release();
        }
    }

    private void follow(Context ctx, String id, long after) throws Exception {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setHeader("Content-Type", SiteProtocol.EVENT_STREAM + "; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        try (EventHub.Subscription live = hub.subscribe(id)) {
            new EventStreamWriter(res.getOutputStream(), clock, EventStreamWriter.Settings.DEFAULT)
                    .stream(new Source(id, after, live), after);
        } catch (IOException clientGone) {
            // The client closed the stream; it resumes with Last-Event-ID when it wants more.
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt(); // the site is stopping; the client resumes on the next start
        }
    }

    /**
     * The database's events first (and the stall, if this process stopped the job), then the hub's live ones; when
     * the hub is quiet and the job is final, whatever the database holds that the hub did not deliver, and the end.
     */
    private final class Source implements EventStreamWriter.Source {
        private final String id;
        private final EventHub.Subscription live;
        private long last;
        private boolean replayed;
        private boolean ended;

        Source(String id, long after, EventHub.Subscription live) {
            this.id = id;
            this.last = after;
            this.live = live;
        }

        @Override
        public List<SiteEvent> next(long waitNanos) throws IOException, InterruptedException {
            try {
                if (!replayed) {
                    replayed = true;
                    List<SiteEvent> events = new ArrayList<>(ledger.after(id, last));
                    jobs.stalledEvent(id).ifPresent(events::add);
                    return given(events);
                }
                SiteEvent e = live.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                if (e != null) {
                    return given(List.of(e));
                }
                if (jobs.view(id).state().isFinal()) {
                    ended = true;
                    return given(ledger.after(id, last));
                }
                return List.of();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }

        @Override
        public boolean ended() {
            return ended || live.overflowed();
        }

        private List<SiteEvent> given(List<SiteEvent> events) {
            for (SiteEvent e : events) {
                last = Math.max(last, e.id());
            }
            return events;
        }
    }
}
