package io.jenkins.plugins.renderfarm.site;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.site.host.EventStreamWriter;
import io.renderfarm.engine.site.host.SiteEventLog;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jenkins.util.SystemProperties;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code GET /api/jobs/{id}/events}, bound to the engine's {@link EventStreamWriter}: a delegated job's events from
 * after the client's {@code Last-Event-ID} (or {@code after}; a malformed one is a 400, as on every host), read from
 * its build's event log as they are appended (only the new bytes each time), until {@code job-finished}, the build's
 * end, or {@link #MAX_STREAM_MILLIS}: a stream holds a request thread, so it never lasts a whole render. Clients
 * resume after the last id they saw, as the protocol's clients do when a stream ends before {@code job-finished}. A
 * job whose build has not started yet streams nothing until it starts.
 */
public final class SiteEvents {
    private static final Duration POLL = Duration.ofMillis(500);
    /** The longest a stream stays open; the client reconnects after {@code retry}. Tests shorten it. */
    @SuppressFBWarnings(value = "MS_SHOULD_BE_FINAL", justification = "tests shorten it")
    @Restricted(NoExternalUse.class)
    public static long MAX_STREAM_MILLIS = SystemProperties.getLong(SiteEvents.class.getName() + ".maxStreamMillis",
            TimeUnit.MINUTES.toMillis(1));

    private SiteEvents() {
    }

    static void stream(SiteJobs.Found found, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        long last = EventStreamWriter.resumeAfter(req.getHeader(SiteProtocol.LAST_EVENT_ID), req.getParameter("after"));
        rsp.setStatus(200);
        rsp.setContentType(SiteProtocol.EVENT_STREAM + ";charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-cache");
        rsp.setHeader("X-Accel-Buffering", "no");
        EventStreamWriter.Settings settings = new EventStreamWriter.Settings(
                EventStreamWriter.Settings.DEFAULT.keepAlive(), Duration.ofMillis(MAX_STREAM_MILLIS), POLL);
        try {
            new EventStreamWriter(rsp.getOutputStream(), Clock.SYSTEM, settings)
                    .stream(new BuildLog(found, last), last);
        } catch (IOException clientGone) {
            // The client closed the stream; it resumes with Last-Event-ID when it wants more.
        }
    }

    /** The job's build's event log, once the build has started; ended with the build or a cancel before it. */
    private static final class BuildLog implements EventStreamWriter.Source {
        private final String id;
        private final long after;
        private WorkflowRun run;
        private SiteEventLog.Tail tail;
        private boolean ended;

        BuildLog(SiteJobs.Found found, long after) {
            this.id = found.job().id();
            this.after = after;
            this.run = found.run();
            this.tail = run == null ? null : SiteEventLog.tail(DelegatedJobAction.eventFile(run).toPath(), after);
        }

        @Override
        public List<SiteEvent> next(long waitNanos) throws IOException {
            if (tail == null) {
                SiteJobs.Found now;
                try {
                    now = SiteJobs.find(id);
                } catch (IOException gone) {
                    ended = true; // its build was deleted meanwhile: the client asks again and is told
                    return List.of();
                }
                if (now.run() == null) {
                    ended = now.job().cancelReason() != null; // canceled before it started: nothing will be logged
                    return List.of();
                }
                run = now.run();
                tail = SiteEventLog.tail(DelegatedJobAction.eventFile(run).toPath(), after);
            }
            boolean building = run.isBuilding();
            List<SiteEvent> events = tail.next();
            ended = tail.finished() || !building; // read after the build ended: nothing more will be appended
            return events;
        }

        @Override
        public boolean ended() {
            return ended;
        }
    }
}
