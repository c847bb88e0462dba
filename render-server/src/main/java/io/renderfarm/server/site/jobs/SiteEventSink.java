package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.site.api.ChunkView;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.server.site.db.EventLedger;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one run of a job sends its events on a site: paths become the site's URLs (a sample's, a frame's and a
 * chunk log's {@code path} is where the site serves it, the log's {@code file} its name in the job's folder), {@code job-started} gains {@code where} and {@code run} and is followed
 * by the {@code decision}; then every event but {@code progress} is recorded in the database and all are handed
 * to the live streams ({@code progress} and a relayed {@code job-stalled} are live only). Once the site is shutting
 * down events are dropped, so a stop changes nothing in the database and the job resumes on the next start. Once
 * {@code job-finished} is recorded the site is told (it may owe the job's completion notice to a delegating site).
 * The first event that cannot be recorded (the data folder is full) is reported to the site, once, and every
 * later event is dropped as on a stop: the site stops the job, which resumes from what was recorded. For a job
 * this site delegated, a relayed {@code job-stalled} tells the site that the remote site stopped it, and the next
 * recorded event that the remote goes on.
 */
public final class SiteEventSink implements JobEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(SiteEventSink.class);
    private final String job;
    private final int run;
    private final Decision decision;
    private final EventLedger ledger;
    private final EventHub hub;
    private final BooleanSupplier open;
    private final Consumer<String> finished;
    private final Stalls stalls;
    private volatile boolean stalled;
    private volatile boolean remoteStopped;

    public SiteEventSink(
            String job, int run, Decision decision, EventLedger ledger, EventHub hub, BooleanSupplier open) {
        this(job, run, decision, ledger, hub, open, id -> {}, (t, e) -> {});
    }

    /**
     * @param finished     told the job's id once {@code job-finished} is recorded
     * @param stalls       told, once, when and why the first event that could not be recorded failed; and when
     *                     the remote site of a delegated job stops it and goes on again
     */
    public SiteEventSink(
            String job,
            int run,
            Decision decision,
            EventLedger ledger,
            EventHub hub,
            BooleanSupplier open,
            Consumer<String> finished,
            Stalls stalls) {
        this.finished = finished;
        this.stalls = stalls;
        this.job = job;
        this.run = run;
        this.decision = decision;
        this.ledger = ledger;
        this.hub = hub;
        this.open = open;
    }

    /** Told when the job stops for a reason outside it. */
    @FunctionalInterface
    public interface Stalls {
        /** The job's events can no longer be recorded here; {@code t} is the job time of the event that failed. */
        void cannotRecord(double t, Exception cause);

        /** The remote site rendering this delegated job stopped it ({@code why}), or (null) goes on with it. */
        default void remoteStopped(String why) {}
    }

    @Override
    public void accept(JobEvent event) {
        if (!open.getAsBoolean() || stalled) {
            return;
        }
        JobEvent e = rewrite(event);
        send(e);
        if (e instanceof JobEvent.JobStarted) {
            send(new JobEvent.Decision(e.t(), job, decision.where().wireName(), decision.reason(), decision.site()));
        }
    }

    private void send(JobEvent e) {
        if (stalled) {
            return;
        }
        if (e instanceof JobEvent.JobStalled s) {
            hub.publish(job, new SiteEvent(0, e));
            remoteStopped = true;
            stalls.remoteStopped("remote site " + decision.site() + ": " + s.reason());
            return;
        }
        if (e instanceof JobEvent.Progress) {
            hub.publish(job, new SiteEvent(0, e));
            return;
        }
        try {
            hub.publish(job, new SiteEvent(ledger.record(job, run, e), e));
        } catch (SQLException | RuntimeException ex) {
            LOG.error("cannot record event {} of job {}: {}", e.type(), job, ex.getMessage());
            stalled = true;
            stalls.cannotRecord(e.t(), ex);
            return;
        }
        if (remoteStopped) {
            remoteStopped = false;
            stalls.remoteStopped(null);
        }
        if (e instanceof JobEvent.JobFinished) {
            finished.accept(job);
        }
    }

    private JobEvent rewrite(JobEvent e) {
        String base = SiteProtocol.jobPath(job);
        if (e instanceof JobEvent.JobStarted s) {
            return new JobEvent.JobStarted(
                    s.t(),
                    job,
                    s.frames(),
                    s.total(),
                    s.renderer(),
                    s.slots(),
                    s.site(),
                    decision.where().wireName(),
                    run);
        } else if (e instanceof JobEvent.Sample s) {
            String name = Path.of(s.path()).getFileName().toString();
            return s.at(base + "/samples/" + name, name).withJob(job);
        } else if (e instanceof JobEvent.ChunkLog l && l.path() != null) {
            return l.at(
                            ChunkView.logPath(job, l.chunk()),
                            Path.of(l.path()).getFileName().toString())
                    .withJob(job);
        } else if (e instanceof JobEvent.FrameDone f) {
            Path file = Path.of(f.path());
            return f.at(
                            base + "/frames/" + f.frame(),
                            file.getFileName().toString(),
                            file.toFile().length())
                    .withJob(job);
        }
        return e.job() == null ? e.withJob(job) : e;
    }
}
