package io.jenkins.plugins.renderfarm.site;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.host.SiteEventLog;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import jenkins.util.SystemProperties;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code GET /api/jobs/{id}/events}: a delegated job's events as Server-Sent Events, from after the client's
 * {@code Last-Event-ID} (or {@code after}), read from its build's event log as they are appended (only the new
 * bytes each time), until {@code job-finished}, the build's end, or {@link #MAX_STREAM_MILLIS}: a stream holds a
 * request thread, so it never lasts a whole render. Clients resume after the last id they saw, as the protocol's
 * clients do when a stream ends before {@code job-finished}. A job whose build has not started yet streams nothing
 * until it starts. A comment every 15 s keeps proxies from closing the stream.
 */
public final class SiteEvents {
    private static final long POLL_MILLIS = 500;
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    /** The longest a stream stays open; the client reconnects after {@code retry}. Tests shorten it. */
    @SuppressFBWarnings(value = "MS_SHOULD_BE_FINAL", justification = "tests shorten it")
    @Restricted(NoExternalUse.class)
    public static long MAX_STREAM_MILLIS = SystemProperties.getLong(SiteEvents.class.getName() + ".maxStreamMillis",
            TimeUnit.MINUTES.toMillis(1));

    private SiteEvents() {
    }

    static void stream(SiteJobs.Found found, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        String header = req.getHeader(SiteProtocol.LAST_EVENT_ID);
        long last = header != null && header.strip().matches("\\d{1,18}") ? Long.parseLong(header.strip())
                : Math.max(0, SiteHttp.longQuery(req, "after", 0));
        rsp.setStatus(200);
        rsp.setContentType(SiteProtocol.EVENT_STREAM + ";charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-cache");
        rsp.setHeader("X-Accel-Buffering", "no");
        OutputStream out = rsp.getOutputStream();
        write(out, "retry: 1000\n\n");
        long start = System.nanoTime();
        long quietSince = start;
        String id = found.job().id();
        WorkflowRun run = found.run();
        SiteEventLog.Tail tail = run == null ? null : SiteEventLog.tail(DelegatedJobAction.eventFile(run).toPath(), last);
        try {
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(MAX_STREAM_MILLIS)) {
                if (tail == null) {
                    SiteJobs.Found now;
                    try {
                        now = SiteJobs.find(id);
                    } catch (IOException gone) {
                        return; // its build was deleted meanwhile: the client asks again and is told
                    }
                    if (now.run() == null) {
                        if (now.job().cancelReason() != null) {
                            return; // canceled before it started: nothing will ever be logged
                        }
                    } else {
                        run = now.run();
                        tail = SiteEventLog.tail(DelegatedJobAction.eventFile(run).toPath(), last);
                    }
                }
                if (tail != null) {
                    boolean building = run.isBuilding();
                    for (SiteEvent e : tail.next()) {
                        write(out, "id: " + e.id() + "\nevent: " + e.event().type() + "\ndata: "
                                + SiteJson.lenient().writeValueAsString(e.event()) + "\n\n");
                        quietSince = System.nanoTime();
                    }
                    if (tail.finished() || !building) {
                        return; // read after the build ended: nothing more will be appended
                    }
                }
                if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MILLIS)) {
                    write(out, ": keep-alive\n\n");
                    quietSince = System.nanoTime();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException clientGone) {
            // The client closed the stream; it resumes with Last-Event-ID when it wants more.
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
