package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows a job on a site to its end and brings its output here: every sample and frame named by the job's
 * events is downloaded into a local {@link FrameStore}, each frame checked (its SHA-256 equal to the site's)
 * before it is stored. The events are passed on to a sink with {@code path} pointing at the local copy, so a
 * consumer sees the same events as for a local render. It is the same follow as a delegating host's
 * ({@link RemoteFollow}): a broken connection (a site restart) is resumed from the last event id under the
 * {@link ReconnectPolicy}, a site that gives no answer for its give-up time ends it with that site's last error,
 * and after {@code job-finished} any frame still missing here is fetched from the frame list. A
 * {@code job-stalled} event (the site stopped the job until it restarts) ends the following too, with the frames
 * done so far fetched and the job's {@link JobView#problem()} saying why, rather than waiting without a word.
 */
public final class SiteJobFollower {
    private final SiteClient client;
    private final RemoteOutput output;
    private final JobEventSink sink;
    private final RemoteDelegation.Settings settings;
    private final Clock clock;

    /** How a followed job ended here: the site's final view and the frames this side holds verified. */
    public record Outcome(JobView job, int framesVerified, List<Integer> framesMissing) {
        public boolean complete() {
            return job.state() == JobState.SUCCEEDED && framesMissing.isEmpty();
        }
    }

    /** @param scratch a folder on the store's file system for downloads in progress */
    public SiteJobFollower(SiteClient client, FrameStore store, Path scratch, JobEventSink sink) throws IOException {
        this(client, store, scratch, sink, ReconnectPolicy.DEFAULTS, Clock.SYSTEM);
    }

    /**
     * @param reconnect how a lost stream is retried, and how long the site may give no answer before
     *                  {@link #follow} gives up
     * @param clock     times every retry and the give-up
     */
    public SiteJobFollower(
            SiteClient client,
            FrameStore store,
            Path scratch,
            JobEventSink sink,
            ReconnectPolicy reconnect,
            Clock clock)
            throws IOException {
        this(client, new RemoteOutput(client, store, scratch), sink, reconnect, clock);
    }

    SiteJobFollower(SiteClient client, RemoteOutput output, JobEventSink sink, ReconnectPolicy reconnect, Clock clock) {
        this.client = client;
        this.output = output;
        this.sink = sink;
        this.settings = new RemoteDelegation.Settings(reconnect, RemoteDelegation.Settings.DEFAULTS.pollInterval());
        this.clock = clock;
    }

    /**
     * Blocks until the job is final on the site, or stalled there, and its frames are here (or known missing).
     * After a stall the outcome's job is not final and carries the site's {@link JobView#problem()}.
     *
     * @throws SiteException the site refused to go on, or gave no answer for the give-up time (its last error)
     */
    public Outcome follow(String jobId) throws IOException, InterruptedException {
        Passing passing = new Passing(jobId);
        RemoteFollow follow = new RemoteFollow(client, client.base().toString(), null, settings, clock, passing);
        RemoteFollow.End end = follow.run(jobId, output, 0);
        if (end.ending() == RemoteFollow.Ending.REFUSED || end.ending() == RemoteFollow.Ending.LOST_CONTACT) {
            throw end.error();
        }
        if (end.event() != null) {
            passing.endT = end.event().t();
        }
        List<Integer> missing = follow.fetchMissing().notBrought();
        JobView view = client.job(jobId);
        if (end.ending() == RemoteFollow.Ending.FINAL) {
            sink.accept(end.event() != null ? end.event() : finished(view, passing.endT));
        } else if (end.ending() == RemoteFollow.Ending.STOPPED_AT
                && view.problem() == null
                && end.event() instanceof JobEvent.JobStalled stalled) {
            view = view.withProblem(stalled.reason());
        }
        return new Outcome(view, output.frames().size(), missing);
    }

    /** The {@code job-finished} the stream lost (the end was learnt from the job resource), from that resource. */
    private static JobEvent finished(JobView view, double t) {
        return new JobEvent.JobFinished(
                t,
                view.id(),
                view.state().name(),
                view.done(),
                view.total(),
                view.failed() == null ? "" : view.failed(),
                view.reason() == null ? "" : view.reason());
    }

    /** Passes the site's events on as they are, with samples and frames pointing at the copies here. */
    private final class Passing implements RemoteFollow.Listener {
        private final String jobId;
        private double endT;

        Passing(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public void event(JobEvent e) throws IOException {
            if (e instanceof JobEvent.Sample sample) {
                sink.accept(sample.at(output.sample(sample), sample.name()));
            } else {
                sink.accept(e);
            }
        }

        @Override
        public boolean endsAt(JobEvent e) {
            return e instanceof JobEvent.JobStalled;
        }

        @Override
        public void frame(JobEvent.FrameDone remote, RemoteOutput.Brought brought, int held, int total) {
            StoredFrame stored = brought.stored();
            if (remote != null) {
                sink.accept(remote.at(stored.location(), remote.file(), remote.bytes()));
                return;
            }
            sink.accept(new JobEvent.FrameDone(
                    endT,
                    jobId,
                    stored.frame(),
                    stored.location(),
                    stored.sha256(),
                    output.frames().size(),
                    total,
                    false));
        }
    }
}
