package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.schedule.FairShareFarm;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.DataFolder;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.base.SiteConfig;
import io.renderfarm.server.site.db.JobRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's jobs: takes submits, has the {@link Placer} decide where each renders, runs it as a {@link JobRun}
 * on the shared farm or hands it to a remote site through {@link Delegations} (either way its frames end up in
 * {@code jobs/<id>/out}), cancels and approves, and on start resumes every job a previous process left unfinished.
 * A resumed local run skips the frames its store holds verified (the engine's {@code verifiedFrames}), and skips
 * the preview pass when one was already shown; a resumed delegation follows the same remote job again. A job
 * whose events cannot be recorded (a full data folder) is stopped as on a shutdown, with a {@code job-stalled}
 * event and the job's {@code problem} saying why, until the next start resumes it. Thread-safe.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private final SiteConfig config;
    private final JobStores stores;
    private final TrackingFarm farm;
    private final FairShareFarm shares;
    private final EventHub hub;
    private final Placer placer;
    private final Delegations delegations;
    private final Notices notices;
    private final Clock clock;
    private final Map<String, ActiveJob> active = new ConcurrentHashMap<>();
    /** Jobs stopped because they could not be recorded, and why; until this process ends. */
    private final Map<String, String> stalled = new ConcurrentHashMap<>();
    /** Delegated jobs their remote site stopped, and why; until the remote goes on. */
    private final Map<String, String> stoppedRemotely = new ConcurrentHashMap<>();

    private final JobIntake intake;
    private volatile boolean open = true;

    /**
     * @param farm   the farm local jobs render on: {@code shares} with every chunk tracked
     * @param shares orders the slots by the jobs' priorities
     * @param intake creates submitted jobs in {@code stores}
     * @param clock  the site's clock: the jobs' runs and when a completion notice arrived
     */
    public JobManager(
            SiteConfig config,
            JobStores stores,
            TrackingFarm farm,
            FairShareFarm shares,
            EventHub hub,
            JobIntake intake,
            Placer placer,
            Delegations delegations,
            Notices notices,
            Clock clock) {
        this.config = config;
        this.stores = stores;
        this.farm = farm;
        this.shares = shares;
        this.hub = hub;
        this.intake = intake;
        this.placer = placer;
        this.delegations = delegations;
        this.notices = notices;
        this.clock = clock;
    }

    public JobView submit(SubmitRequest request) throws IOException, SQLException {
        SubmitValidator validator = new SubmitValidator(
                stores.blobs(), farm.slots(), config.remotes().peers(), config.allowScripts());
        SubmitValidator.Valid v = validator.check(request);
        Decision decision = placer.decide(v.where(), v.profile());
        if (decision.where() == Where.LOCAL) {
            validator.checkCapable(v.profile());
        }
        validator.checkPresent(v.files());
        JobRecord record = intake.create(v, decision);
        String id = record.id();
        LOG.info("job {}: {} ({})", id, decision.where().wireName(), decision.reason());
        start(record, false);
        return view(id);
    }

    /** Resumes what a previous process of this site left unfinished; called once before serving. */
    public void resumeUnfinished() throws IOException, SQLException {
        for (JobRecord job : stores.jobs().unfinished()) {
            if (job.cancelRequested() != null && job.decision().where() == Where.LOCAL) {
                finishCanceled(job);
                continue;
            }
            LOG.info("resuming job {} ({} of {} frames done)", job.id(), job.done(), job.total());
            stores.workspace(job.id()).materialize(stores.jobs().files(job.id()), stores.blobs());
            start(job, true);
        }
        notices.resendUndelivered();
    }

    private void start(JobRecord record, boolean resume) throws IOException, SQLException {
        int run = stores.jobs().startRun(record.id());
        SiteEventSink sink = new SiteEventSink(
                record.id(),
                run,
                record.decision(),
                stores.ledger(),
                hub,
                () -> open,
                notices::jobFinished,
                stallsOf(record.id()));
        if (record.decision().where() == Where.LOCAL) {
            shares.setPriority(record.id(), record.priority()); // before its first chunk asks for a slot
        }
        ActiveJob job = record.decision().where() == Where.REMOTE
                ? delegations.start(record, sink, resume)
                : ActiveJob.of(localRun(record, sink, resume));
        active.put(record.id(), job);
        job.completion().whenComplete((result, error) -> {
            active.remove(record.id(), job);
            shares.forget(record.id());
        });
        if (stalled.containsKey(record.id())) {
            job.abandon(); // it stalled while it was being set up
            return;
        }
        // A cancel that arrived while the run was being set up (the site listens before it resumes) still applies;
        // so does one a previous process recorded but could not forward to the remote site.
        String canceled =
                stores.jobs().find(record.id()).map(JobRecord::cancelRequested).orElse(null);
        if (canceled != null) {
            job.cancel(canceled);
        }
    }

    private JobRun localRun(JobRecord record, SiteEventSink sink, boolean resume) throws IOException, SQLException {
        JobProfile profile = ProfileReader.fromJson(record.profile());
        if (resume && stores.ledger().hadPreview(record.id())) {
            profile = profile.withPreview(PreviewSettings.OFF);
        }
        JobWorkspace workspace = stores.workspace(record.id());
        RenderJob job = new RenderJob(
                record.id(),
                workspace.scene(record.scene()),
                FrameSet.parse(record.frames()),
                record.output(),
                profile,
                List.of());
        JobRun jobRun = new JobRun(job, farm, new DirectoryFrameStore(workspace.out()), sink, clock)
                .numberingChunksFrom(stores.ledger().nextChunk(record.id()));
        return jobRun.start();
    }

    /**
     * The job's events can no longer be recorded: stop it as on a shutdown (its renderers are killed, nothing more
     * is recorded, so the next start resumes it from what was) and tell whoever follows it why.
     */
    private void stall(String id, double t, Exception cause) {
        String why = DataFolder.problem(config.dataDir(), cause);
        stalled.put(id, why);
        LOG.error("job {} stopped: {}", id, why);
        ActiveJob job = active.get(id);
        if (job != null) {
            job.abandon();
        }
        hub.publish(id, new SiteEvent(0, stalledEvent(id, t, why)));
    }

    private SiteEventSink.Stalls stallsOf(String id) {
        return new SiteEventSink.Stalls() {
            @Override
            public void cannotRecord(double t, Exception cause) {
                stall(id, t, cause);
            }

            @Override
            public void remoteStopped(String why) {
                if (why == null) {
                    stoppedRemotely.remove(id);
                } else {
                    stoppedRemotely.put(id, why);
                }
            }
        };
    }

    private static JobEvent stalledEvent(String id, double t, String why) {
        return new JobEvent.JobStalled(t, id, why);
    }

    /** The {@code job-stalled} event of a job this process stopped, for a stream that starts following it now. */
    public Optional<SiteEvent> stalledEvent(String id) {
        String why = stalled.get(id);
        return why == null ? Optional.empty() : Optional.of(new SiteEvent(0, stalledEvent(id, 0, why)));
    }

    /** Records the end of a job whose cancel was under way when the previous process stopped. */
    private void finishCanceled(JobRecord job) throws SQLException {
        int run = stores.jobs().startRun(job.id());
        List<Integer> notDone = stores.ledger().frames(job.id()).stream()
                .filter(f -> !f.done())
                .map(FrameView::frame)
                .toList();
        new SiteEventSink(
                        job.id(),
                        run,
                        job.decision(),
                        stores.ledger(),
                        hub,
                        () -> open,
                        notices::jobFinished,
                        stallsOf(job.id()))
                .accept(new JobEvent.JobFinished(
                        0,
                        job.id(),
                        JobState.CANCELED.name(),
                        job.done(),
                        job.total(),
                        FrameSet.of(notDone).toString(),
                        job.cancelRequested()));
    }

    Optional<JobRecord> find(String id) throws SQLException {
        return stores.jobs().find(id);
    }

    public JobView view(String id) throws SQLException {
        return view(find(id).orElseThrow(() -> ProblemException.notFound("no job '" + id + "' on this site")));
    }

    /** The job's resource, with its {@code problem} while it is stopped here or on its remote site. */
    public JobView view(JobRecord record) {
        JobView view = record.toView();
        String problem = stalled.getOrDefault(record.id(), stoppedRemotely.get(record.id()));
        return problem == null || view.state().isFinal() ? view : view.withProblem(problem);
    }

    /**
     * Changes the priority of an unfinished job rendering here; it counts from the job's next chunk (a running chunk is
     * never stopped for it).
     */
    public JobView setPriority(String id, Integer priority) throws SQLException {
        if (priority == null) {
            throw ProblemException.badRequest("the body must be {\"priority\": 0..100}");
        }
        int value = SubmitValidator.checkPriority(priority);
        JobRecord job = find(id).orElseThrow(() -> ProblemException.notFound("no job '" + id + "' on this site"));
        if (job.state().isFinal()) {
            throw ProblemException.conflict(
                    "job " + id + " is " + job.state() + "; only an unfinished job's priority can change");
        }
        if (job.decision().where() == Where.REMOTE) {
            throw ProblemException.conflict("job " + id + " renders on remote site "
                    + job.decision().site() + ", which orders it among its own jobs; change its priority there");
        }
        stores.jobs().setPriority(id, value);
        shares.setPriority(id, value);
        LOG.info("job {}: priority {}", id, value);
        return view(id);
    }

    /** The output so far of a chunk of the job that renders on this site now; empty otherwise. */
    public Optional<String> liveLog(String id, int chunk) {
        ActiveJob run = active.get(id);
        return run == null ? Optional.empty() : run.liveLog(chunk);
    }

    /** Asks a job to cancel (a delegated one on its remote site too); returns whether it was still running. */
    public boolean cancel(String id, String reason) throws SQLException {
        JobRecord job = find(id).orElseThrow(() -> ProblemException.notFound("no job '" + id + "' on this site"));
        if (job.state().isFinal()) {
            return false;
        }
        String problem = stalled.get(id);
        if (problem != null) {
            throw ProblemException.conflict("job " + id + " is stopped: " + problem + "; cancel it after the restart");
        }
        String why = reason == null || reason.isBlank() ? "canceled through the site" : reason.strip();
        stores.jobs().requestCancel(id, why);
        ActiveJob run = active.get(id);
        if (run != null) {
            run.cancel(why);
        }
        return true;
    }

    public void approve(String id) throws SQLException {
        JobRecord job = find(id).orElseThrow(() -> ProblemException.notFound("no job '" + id + "' on this site"));
        ActiveJob run = active.get(id);
        if (job.state().isFinal() || run == null) {
            throw ProblemException.conflict(
                    "job " + id + " is " + job.state() + "; only a running job can be approved");
        }
        run.approve();
    }

    /** A delegated job's remote site sent its (verified) completion notice: record it and look at once. */
    public void notified(String id) throws SQLException {
        stores.delegations().notified(id, clock.instant().toEpochMilli());
        ActiveJob run = active.get(id);
        if (run != null) {
            run.wake();
        }
    }

    /**
     * Stops recording and lets go of the running jobs: they stay unfinished in the database, for the next start to
     * resume (a delegated job keeps rendering on its remote site meanwhile).
     */
    @Override
    public void close() {
        open = false;
        active.values().forEach(ActiveJob::abandon);
        notices.close();
    }
}
