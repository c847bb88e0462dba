package io.renderfarm.engine.site.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A job rendered on a remote site on behalf of this host, looking to the host's clients as if it rendered here:
 * the job's files are sent content-addressed (only what the remote lacks), the remote job's events are relayed
 * live under this job's id (samples and progress included), every sample and frame is brought into this host's
 * {@link FrameStore} with each frame's SHA-256 checked against the remote's, cancel and approve are forwarded,
 * and the job ends SUCCEEDED only when every frame is held here verified.
 *
 * <p>The remote's end is learnt three ways, so losing one only delays it: the event stream's
 * {@code job-finished}; the remote's signed completion notice, which the host passes on with {@link #wake()};
 * and a poll of the remote job every {@link Settings#pollInterval()}. A remote site that stays unreachable for
 * {@link Settings#giveUpAfter()} fails the job with a reason naming it (a remote that restarts within that time
 * resumes its job and the relay goes on). Restart safety is the host's {@link Journal}: a host that recorded the
 * remote job id and the last relayed event id {@link #resume}s following it instead of submitting again.
 *
 * <p>Thread model: the delegation runs on its own thread, the remote job followed by a {@link RemoteFollow} that
 * owns the following's state; {@link #cancel}, {@link #approve}, {@link #wake} and {@link #abandon} post a command
 * to it and return at once. Events reach the sink from that thread, in order. Retries, polls and the give-up are
 * timed by the injected {@link Clock} under the settings' {@link ReconnectPolicy}.
 */
public final class RemoteDelegation {
    /** What a host records so that after its own restart it re-attaches instead of submitting again. */
    public interface Journal {
        /** The remote site accepted the job under this id. */
        void submitted(String remoteJobId);

        /** Every remote event up to this id has been relayed. */
        void relayed(long remoteEventId);
    }

    /**
     * @param reconnect    how a lost stream or an untold cancel is retried, and how long the remote site may give
     *                     no answer before the job fails
     * @param pollInterval how often the remote job is checked besides its event stream
     */
    public record Settings(ReconnectPolicy reconnect, Duration pollInterval) {
        public static final Settings DEFAULTS = new Settings(ReconnectPolicy.DEFAULTS, Duration.ofSeconds(15));

        /** The default retry delays with this give-up time. */
        public Settings(Duration giveUpAfter, Duration pollInterval) {
            this(ReconnectPolicy.DEFAULTS.withGiveUpAfter(giveUpAfter), pollInterval);
        }

        /** How long the remote site may give no answer before the job fails. */
        public Duration giveUpAfter() {
            return reconnect.giveUpAfter();
        }
    }

    /**
     * The job as the remote site receives it.
     *
     * @param id          this host's job id (events carry it; the remote job's name is tagged with it)
     * @param callbackUrl where the remote posts its completion notice, or null
     * @param callbackKey the notice's signing key ({@link CallbackSignature#jobKey}), or null
     */
    public record Job(
            String id,
            String name,
            Bundle bundle,
            FrameSet frames,
            JsonNode profile,
            OutputNaming output,
            String renderer,
            URI callbackUrl,
            String callbackKey) {
        @Override
        public String toString() {
            return "Job[" + id + ", " + name + ", frames " + frames + "]";
        }
    }

    private final RemoteSite site;
    private final SiteClient client;
    private final Job job;
    private final JobEventSink sink;
    private final Journal journal;
    private final RelayedEvents relay;
    private final Relay events = new Relay();
    private final RemoteFollow follow;
    private final FrameStore store;
    private final Path scratch;
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();

    private volatile String remoteJobId;
    private volatile boolean abandoned;

    public RemoteDelegation(
            RemoteSite site,
            Job job,
            FrameStore store,
            Path scratch,
            JobEventSink sink,
            Journal journal,
            Settings settings) {
        this(site, job, store, scratch, sink, journal, settings, Clock.SYSTEM);
    }

    /** @param clock times every retry, poll and give-up, and the relayed events' {@code t} */
    public RemoteDelegation(
            RemoteSite site,
            Job job,
            FrameStore store,
            Path scratch,
            JobEventSink sink,
            Journal journal,
            Settings settings,
            Clock clock) {
        this.site = site;
        this.client = site.client();
        this.job = job;
        this.store = store;
        this.scratch = scratch;
        this.sink = sink;
        this.journal = journal;
        this.relay = new RelayedEvents(job.id(), site.name(), clock);
        this.follow = new RemoteFollow(client, site.name(), job.frames(), settings, clock, events);
    }

    /** Sends and submits the job, then follows it; returns at once. */
    public RemoteDelegation start() {
        return launch(null, 0, false);
    }

    /**
     * Follows the job again after this host restarted: the remote job {@code remoteJobId} from after event
     * {@code afterEventId}; with a null id (the host died while handing the job over) the remote job is looked
     * up by its tag, and submitted only when it is not there.
     */
    public RemoteDelegation resume(String remoteJobId, long afterEventId) {
        return launch(remoteJobId, afterEventId, true);
    }

    private RemoteDelegation launch(String remoteId, long afterEventId, boolean resumed) {
        this.remoteJobId = remoteId;
        Thread t = new Thread(() -> run(afterEventId, resumed), "remote-" + job.id());
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** Completes with the job's end; exceptionally with a CancellationException after {@link #abandon()}. */
    public CompletableFuture<JobResult> completion() {
        return completion;
    }

    /** The remote site's job id once it accepted the job, else null. */
    public String remoteJobId() {
        return remoteJobId;
    }

    /** Cancels the job here and on the remote site (its renderers are killed there); idempotent. */
    public void cancel(String reason) {
        follow.post(new RemoteFollow.Cancel(reason));
    }

    /** Lets the remote job go on after its preview pass. */
    public void approve() {
        follow.post(new RemoteFollow.Approve());
    }

    /** The remote site says the job is final (its completion notice arrived): look now, not at the next poll. */
    public void wake() {
        follow.post(new RemoteFollow.Wake());
    }

    /**
     * The host is stopping: stop following without a word and leave the remote job alone; a {@link #resume}
     * after the restart picks it up again.
     */
    public void abandon() {
        abandoned = true;
        follow.post(new RemoteFollow.Stop());
    }

    private void run(long afterEventId, boolean resumed) {
        RemoteOutput output = null;
        try {
            output = new RemoteOutput(client, store, scratch);
            events.into(output);
            emit(relay.started(job.frames(), job.renderer(), remoteSlots(), site.name()));
            announceHeldFrames(output);
            if (remoteJobId == null) {
                String canceled = follow.cancelBeforeStart();
                if (follow.stopRequested()) {
                    abandoned();
                    return;
                }
                if (canceled != null) {
                    finish(JobState.CANCELED, canceled, RemoteFollow.heldOf(output, job.frames()));
                    return;
                }
                remoteJobId = RemoteSubmission.submitOrAttach(client, job, resumed);
                journal.submitted(remoteJobId);
            }
            ended(follow.run(remoteJobId, output, afterEventId));
        } catch (IOException e) {
            fail(output, "remote site " + site.name() + " could not take the job: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned();
        } catch (RuntimeException e) {
            fail(output, "internal error while delegating to " + site.name() + ": " + e);
        }
    }

    /** After a restart: the frames already held here, as {@code frame-done} with {@code skipped}, like a local resume. */
    private void announceHeldFrames(RemoteOutput output) {
        int done = 0;
        Set<Integer> held = RemoteFollow.heldOf(output, job.frames());
        for (Map.Entry<Integer, StoredFrame> f : output.frames().entrySet()) {
            if (held.contains(f.getKey())) {
                emit(relay.frameDone(f.getValue(), null, ++done, job.frames().size(), true));
            }
        }
    }

    private void ended(RemoteFollow.End end) {
        switch (end.ending()) {
            case STOPPED -> abandoned();
            case FINAL -> conclude(end.state(), end.reason());
            case LOST_CONTACT -> lostContact(end);
            case REFUSED, STOPPED_AT -> finish(JobState.FAILED, end.reason(), follow.held());
        }
    }

    /** The remote job is final: fetch what is still missing here and decide. Never SUCCEEDED with a frame missing. */
    private void conclude(JobState remoteState, String remoteReason) {
        String fetchProblem = follow.fetchMissing().problem();
        Set<Integer> held = follow.held();
        FrameSet missing = job.frames().minus(held);
        String reason = remoteReason == null ? "" : remoteReason;
        switch (remoteState) {
            case SUCCEEDED -> {
                if (missing.isEmpty()) {
                    finish(JobState.SUCCEEDED, "", held);
                } else {
                    finish(
                            JobState.FAILED,
                            missing.size() + " frame(s) (" + missing + ") could not be brought back"
                                    + " verified from remote site " + site.name()
                                    + (fetchProblem == null ? "" : ": " + fetchProblem),
                            held);
                }
            }
            case CANCELED ->
                finish(JobState.CANCELED, reason.isEmpty() ? "canceled on remote site " + site.name() : reason, held);
            default -> finish(JobState.FAILED, "remote site " + site.name() + ": " + reason, held);
        }
    }

    private void lostContact(RemoteFollow.End end) {
        Set<Integer> held = follow.held();
        String canceled = follow.cancelReason();
        if (canceled != null) {
            finish(
                    JobState.CANCELED,
                    canceled + " (remote site " + site.name() + " could not be told: " + end.reason()
                            + "; its job may still run there)",
                    held);
        } else {
            finish(
                    JobState.FAILED,
                    "lost contact with remote site " + site.name() + " for "
                            + end.lostFor().toSeconds() + " s ("
                            + end.reason() + "); " + held.size() + " of "
                            + job.frames().size()
                            + " frame(s) were brought back",
                    held);
        }
    }

    private void fail(RemoteOutput output, String reason) {
        if (abandoned) {
            abandoned();
        } else {
            finish(JobState.FAILED, reason, output == null ? Set.of() : RemoteFollow.heldOf(output, job.frames()));
        }
    }

    private void finish(JobState state, String reason, Set<Integer> held) {
        int total = job.frames().size();
        FrameSet failed =
                state == JobState.SUCCEEDED ? FrameSet.empty() : job.frames().minus(held);
        complete(
                relay.finished(state, held.size(), total, failed, reason),
                new JobResult(state, held.size(), total, failed, reason));
    }

    private int remoteSlots() {
        try {
            return client.withTimeout(Duration.ofSeconds(10)).site().slots().size();
        } catch (IOException | RuntimeException e) {
            return 0; // only shown in job-started; the follow reports an unreachable site properly
        }
    }

    /** Hands an event to the host; a failing sink never stops the delegation. */
    private void emit(JobEvent e) {
        if (abandoned) {
            return;
        }
        try {
            sink.accept(e);
        } catch (RuntimeException ignored) {
            // as in the engine's job run: consumers never stop the render
        }
    }

    private void complete(JobEvent finished, JobResult result) {
        if (abandoned) {
            abandoned();
            return;
        }
        emit(finished);
        completion.complete(result);
    }

    private void abandoned() {
        completion.completeExceptionally(new CancellationException("abandoned: host shutting down"));
    }

    /** The remote job's events as this job's: relayed, samples and logs brought here first. */
    private final class Relay implements RemoteFollow.Listener {
        private RemoteOutput output;
        private boolean canceledHere;

        Relay into(RemoteOutput output) {
            this.output = output;
            return this;
        }

        @Override
        public void event(JobEvent e) throws IOException {
            if (e instanceof JobEvent.Sample sample) {
                emit(relay.sample(sample, output.sample(sample)));
            } else if (e instanceof JobEvent.ChunkLog log) {
                emit(relay.chunkLog(log, keptLog(log)));
            } else if (!(canceledHere && e instanceof JobEvent.Canceled)) {
                relay.relay(e, follow.held().size(), job.frames().size()).ifPresent(RemoteDelegation.this::emit);
            }
        }

        /** The attempt's log kept here, or null: a log that cannot be fetched leaves its attempt listed without one. */
        private String keptLog(JobEvent.ChunkLog e) {
            try {
                return output.chunkLog(e);
            } catch (IOException | RuntimeException notKept) {
                return null;
            }
        }

        @Override
        public void frame(JobEvent.FrameDone remote, RemoteOutput.Brought brought, int held, int total) {
            emit(relay.frameDone(brought.stored(), brought.verified(), held, total, false));
        }

        @Override
        public void canceled(String reason) {
            canceledHere = true;
            emit(relay.canceled(reason));
        }

        @Override
        public void handled(long eventId) {
            journal.relayed(eventId);
        }
    }
}
