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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

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
 * <p>Thread model: the delegation runs on its own thread; {@link #cancel}, {@link #approve}, {@link #wake} and
 * {@link #abandon} only leave a note for it and return at once. Events reach the sink from that thread, in order.
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
     * @param giveUpAfter  how long the remote site may stay unreachable before the job fails
     * @param pollInterval how often the remote job is checked besides its event stream
     */
    public record Settings(Duration giveUpAfter, Duration pollInterval) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(3), Duration.ofSeconds(15));
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

    /** Wakes the loop for a request (cancel, approve, a notice); carries nothing itself. */
    static final Object WAKE = new Object();
    // Package-private: the RemoteFollow loop of this delegation reads them; nothing else does.
    final RemoteSite site;
    final SiteClient client;
    /** For polls, cancel and approve: a dead remote must not hold the loop for a minute. */
    final SiteClient quick;

    final Job job;
    final JobEventSink sink;
    final Journal journal;
    final Settings settings;
    final RelayedEvents relay;
    final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final FrameStore store;
    private final Path scratch;
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();

    volatile String remoteJobId;
    volatile String cancelReason;
    volatile boolean approveRequested;
    volatile boolean wakeRequested;
    volatile boolean abandoned;

    public RemoteDelegation(
            RemoteSite site,
            Job job,
            FrameStore store,
            Path scratch,
            JobEventSink sink,
            Journal journal,
            Settings settings) {
        this.site = site;
        this.client = site.client();
        this.quick = client.withTimeout(Duration.ofSeconds(10));
        this.job = job;
        this.store = store;
        this.scratch = scratch;
        this.sink = sink;
        this.journal = journal;
        this.settings = settings;
        this.relay = new RelayedEvents(job.id(), site.name());
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
        if (cancelReason == null) {
            cancelReason = reason == null || reason.isBlank() ? "canceled" : reason;
        }
        inbox.add(WAKE);
    }

    /** Lets the remote job go on after its preview pass. */
    public void approve() {
        approveRequested = true;
        inbox.add(WAKE);
    }

    /** The remote site says the job is final (its completion notice arrived): look now, not at the next poll. */
    public void wake() {
        wakeRequested = true;
        inbox.add(WAKE);
    }

    /**
     * The host is stopping: stop following without a word and leave the remote job alone; a {@link #resume}
     * after the restart picks it up again.
     */
    public void abandon() {
        abandoned = true;
        inbox.add(WAKE);
    }

    private void run(long afterEventId, boolean resumed) {
        RemoteFollow follow = null;
        try {
            RemoteOutput output = new RemoteOutput(client, store, scratch);
            follow = new RemoteFollow(this, output, afterEventId);
            emit(relay.started(job.frames(), job.renderer(), remoteSlots(), site.name()));
            follow.announceHeldFrames();
            if (remoteJobId == null) {
                if (cancelReason != null) {
                    follow.finish(JobState.CANCELED, cancelReason);
                    return;
                }
                remoteJobId = RemoteSubmission.submitOrAttach(client, job, resumed);
                journal.submitted(remoteJobId);
            }
            follow.run();
        } catch (IOException e) {
            fail(follow, "remote site " + site.name() + " could not take the job: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned();
        } catch (RuntimeException e) {
            fail(follow, "internal error while delegating to " + site.name() + ": " + e);
        }
    }

    private void fail(RemoteFollow follow, String reason) {
        if (abandoned) {
            abandoned();
        } else if (follow == null) {
            complete(
                    relay.finished(JobState.FAILED, 0, job.frames().size(), job.frames(), reason),
                    new JobResult(JobState.FAILED, 0, job.frames().size(), job.frames(), reason));
        } else {
            follow.finish(JobState.FAILED, reason);
        }
    }

    private int remoteSlots() {
        try {
            return quick.site().slots().size();
        } catch (IOException | RuntimeException e) {
            return 0; // only shown in job-started; the follow reports an unreachable site properly
        }
    }

    /** Hands an event to the host; a failing sink never stops the delegation. */
    void emit(JobEvent e) {
        if (abandoned) {
            return;
        }
        try {
            sink.accept(e);
        } catch (RuntimeException ignored) {
            // as in the engine's job run: consumers never stop the render
        }
    }

    void complete(JobEvent finished, JobResult result) {
        if (abandoned) {
            abandoned();
            return;
        }
        emit(finished);
        completion.complete(result);
    }

    void abandoned() {
        completion.completeExceptionally(new CancellationException("abandoned: host shutting down"));
    }
}
