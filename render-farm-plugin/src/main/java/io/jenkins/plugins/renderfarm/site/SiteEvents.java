package io.jenkins.plugins.renderfarm.site;

import io.renderfarm.engine.site.SiteEvent;
import io.renderfarm.engine.site.SiteEventLog;
import io.renderfarm.engine.site.SiteJson;
import io.renderfarm.engine.site.SiteProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code GET /api/jobs/{id}/events}: the delegated build's events as Server-Sent Events, from after the client's
 * {@code Last-Event-ID} (or {@code after}), read from the build's event log as they are appended, until
 * {@code job-finished} or the build ends. A comment every 15 s keeps proxies from closing the stream. Holds one
 * request thread while it lasts, like the standalone site's stream.
 */
final class SiteEvents {
    private static final long POLL_MILLIS = 500;
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private SiteEvents() {
    }

    static void stream(WorkflowRun run, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        String header = req.getHeader(SiteProtocol.LAST_EVENT_ID);
        long last = header != null && header.strip().matches("\\d{1,18}") ? Long.parseLong(header.strip())
                : Math.max(0, SiteHttp.longQuery(req, "after", 0));
        SiteEventLog log = new SiteEventLog(DelegatedJobAction.eventFile(run).toPath());
        rsp.setStatus(200);
        rsp.setContentType(SiteProtocol.EVENT_STREAM + ";charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-cache");
        rsp.setHeader("X-Accel-Buffering", "no");
        OutputStream out = rsp.getOutputStream();
        write(out, "retry: 2000\n\n");
        long quietSince = System.currentTimeMillis();
        try {
            while (true) {
                for (SiteEvent e : log.read(last)) {
                    write(out, "id: " + e.id() + "\nevent: " + e.event().type() + "\ndata: "
                            + SiteJson.lenient().writeValueAsString(e.event()) + "\n\n");
                    last = e.id();
                    quietSince = System.currentTimeMillis();
                }
                if (log.finished() || !run.isBuilding() && log.read(last).isEmpty()) {
                    return;
                }
                if (System.currentTimeMillis() - quietSince > KEEP_ALIVE_MILLIS) {
                    write(out, ": keep-alive\n\n");
                    quietSince = System.currentTimeMillis();
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
