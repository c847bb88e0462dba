package io.renderfarm.server.site.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.server.site.SiteContext;
import io.renderfarm.server.site.jobs.EventHub;
import io.renderfarm.server.site.jobs.JobManager;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/jobs/{id}/events}: the job's stored events after the client's last id, then live ones, as
 * Server-Sent Events, until {@code job-finished}. The stream subscribes before it reads the database, and skips
 * live events it already replayed, so nothing falls between the two. Each stream holds one request thread while
 * it lasts, so at most {@link SiteLimits#maxEventStreams} are served at once and the others are answered 503 with
 * {@code Retry-After}, leaving threads for API calls; a comment every 15 s keeps proxies and Jetty's idle timeout
 * from closing a stream. A job this process stopped
 * (it could not record it) gets its {@code job-stalled} event after the replay, and the stream stays open: the
 * site's restart ends it, and the client follows the resumed job.
 */
public final class EventStream {
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    static final String RETRY_AFTER_SECONDS = "10";
    private final SiteContext site;
    private final JobManager jobs;
    private final Semaphore streams;

    public EventStream(SiteContext site, JobManager jobs) {
        this.site = site;
        this.jobs = jobs;
        this.streams = new Semaphore(site.config().limits().maxEventStreams());
    }

    public void register(Routes routes) {
        routes.get("/api/jobs/{id}/events", this::stream);
    }

    private void stream(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        jobs.view(id);
        long after = lastEventId(ctx);
        if (!streams.tryAcquire()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ProblemException(
                    503,
                    "Busy",
                    "this site serves " + site.config().limits().maxEventStreams()
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
        try (EventHub.Subscription live = site.hub().subscribe(id)) {
            OutputStream out = res.getOutputStream();
            write(out, "retry: 2000\n\n");
            long last = after;
            boolean finished = false;
            for (SiteEvent e : site.ledger().after(id, after)) {
                finished |= send(out, e);
                last = e.id();
            }
            Optional<SiteEvent> stalled = jobs.stalledEvent(id);
            if (!finished && stalled.isPresent()) {
                send(out, stalled.get());
            }
            while (!finished && !live.overflowed()) {
                SiteEvent e = live.poll(KEEP_ALIVE_MILLIS);
                if (e == null) {
                    write(out, ": keep-alive\n\n");
                    if (jobs.view(id).state().isFinal()) {
                        for (SiteEvent missed : site.ledger().after(id, last)) {
                            send(out, missed);
                        }
                        break;
                    }
                } else if (e.id() == 0 || e.id() > last) {
                    finished = send(out, e);
                    last = Math.max(last, e.id());
                }
            }
        } catch (IOException clientGone) {
            // The client closed the stream; it resumes with Last-Event-ID when it wants more.
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt(); // the site is stopping; the client resumes on the next start
        }
    }

    private static long lastEventId(Context ctx) {
        String header = ctx.header(SiteProtocol.LAST_EVENT_ID);
        if (header != null && !header.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(header.strip()));
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest(
                        "Last-Event-ID must be a whole number, got '" + Http.abbreviate(header) + "'");
            }
        }
        return Math.max(0, Http.longQuery(ctx, "after", 0));
    }

    /** Writes one record; returns whether it was the job's last event. */
    private static boolean send(OutputStream out, SiteEvent e) throws IOException {
        StringBuilder record = new StringBuilder();
        if (e.id() > 0) {
            record.append("id: ").append(e.id()).append('\n');
        }
        record.append("event: ").append(e.event().type()).append('\n');
        try {
            record.append("data: ")
                    .append(SiteJson.lenient().writeValueAsString(e.event()))
                    .append("\n\n");
        } catch (JsonProcessingException ex) {
            return false;
        }
        write(out, record.toString());
        return e.event() instanceof JobEvent.JobFinished;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
