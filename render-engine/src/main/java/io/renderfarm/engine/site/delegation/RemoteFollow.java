package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows one job on another site until it is final there, for both who do that: a host that delegated a job
 * ({@link RemoteDelegation}) and the CLI's {@code submit} ({@link SiteJobFollower}). It relays the event stream
 * (through an {@link EventPump}, resuming after the last event handled), brings each announced frame into a
 * {@link RemoteOutput}, polls the job, forwards cancel and approve, and retries under one {@link ReconnectPolicy}:
 * a site that gives no answer for its give-up time ends the follow. What each user does with the events is its
 * {@link Listener}.
 *
 * <p>Thread model, as in the engine's job run: all state belongs to the thread that calls {@link #run}; other
 * threads only {@link #post} commands, which return at once. Time comes from the injected {@link Clock}; the loop
 * looks at it at least every {@link #TICK_MILLIS} ms, so a test moving a fake clock sees its deadlines pass.
 *
 * <p>Over 400 lines with its nested types (the listener, the commands, the end it reports), which are this loop's
 * interface and nothing else's; the loop is every transition of one single-threaded state, kept together as
 * {@code JobRun} is.
 */
final class RemoteFollow {
    static final long TICK_MILLIS = 100;
    /** How long the event stream may lag behind a poll that saw the job final before the poll's view is used. */
    static final Duration FINAL_GRACE = Duration.ofSeconds(3);
    /** A cancel the site cannot be told ends the follow after this long, not after the full give-up time. */
    static final Duration CANCEL_GIVE_UP = Duration.ofSeconds(10);

    /** What the follow's user does with the remote job's events; every call comes from the follow's thread. */
    interface Listener {
        /** An event that is not a frame's and not the job's end (samples and chunk logs included). */
        void event(JobEvent remote) throws IOException;

        /**
         * A frame brought here; {@code remote} is its {@code frame-done} event, or null when it was fetched from the
         * frame list at the end; {@code held} and {@code total} count the frames held here and expected.
         */
        void frame(JobEvent.FrameDone remote, RemoteOutput.Brought brought, int held, int total);

        /** The follow took a cancel command (once); the site is told next. */
        default void canceled(String reason) {}

        /** Every event up to this id has been handled. */
        default void handled(long eventId) {}

        /** Whether following ends after this event (one that is passed to {@link #event} first). */
        default boolean endsAt(JobEvent remote) {
            return false;
        }
    }

    /** What other threads ask of a follow. */
    sealed interface Command {}

    /** Cancel the job on the site (its renderers are killed there); retried until the site took it. */
    record Cancel(String reason) implements Command {}

    /** Let the job go on after its preview pass. */
    record Approve() implements Command {}

    /** The job is said to be final (a completion notice): ask the site now, not at the next poll. */
    record Wake() implements Command {}

    /** Stop following without a word, leaving the job on the site alone. */
    record Stop() implements Command {}

    /** How the follow ended. */
    enum Ending {
        /** The job is final on the site: {@link End#state()} and {@link End#reason()} say how. */
        FINAL,
        /** The listener ended it at {@link End#event()}. */
        STOPPED_AT,
        /** The site gave no answer for the give-up time (or for {@link #CANCEL_GIVE_UP} with a cancel pending). */
        LOST_CONTACT,
        /** The site refused to go on (a 4xx other than busy): {@link End#error()}. */
        REFUSED,
        /** A {@link Stop} command. */
        STOPPED
    }

    /**
     * @param state  for FINAL, the job's state on the site
     * @param reason for FINAL the site's reason; for LOST_CONTACT the last problem; for REFUSED the refusal, naming
     *               the site and the job
     * @param event  the event it ended at: the site's {@code job-finished}, or the listener's; else null
     * @param error  for LOST_CONTACT, what the site last answered (status 0: no answer); for REFUSED, its refusal
     * @param lostFor for LOST_CONTACT, how long the site gave no answer
     */
    record End(Ending ending, JobState state, String reason, JobEvent event, SiteException error, Duration lostFor) {}

    /** Frames still missing fetched from the frame list: the frames it could not bring, and the last problem. */
    record Fetched(List<Integer> notBrought, String problem) {}

    private final SiteClient client;
    /** For polls, cancel and approve: a dead site must not hold the loop for a minute. */
    private final SiteClient quick;

    private final String siteName;
    private final FrameSet frames;
    private final RemoteDelegation.Settings settings;
    private final Clock clock;
    private final Listener listener;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

    private String jobId;
    private RemoteOutput output;
    private final Set<Integer> held = new TreeSet<>();
    private long lastEventId;
    private EventPump pump;
    private int generation;
    private ReconnectPolicy.Backoff streamRetry;
    private ReconnectPolicy.Backoff cancelRetry;
    private long nextPoll;
    private long unreachableSince = -1;
    private SiteException lastError;
    /** The site's own refusal, as it answered it. */
    private SiteException refusal;

    private String cancelReason;
    private boolean cancelForwarded;
    private boolean approveRequested;
    private boolean wakeRequested;
    private boolean stopped;
    private JobEvent endEvent;
    private JobView finalView;
    private long finalSeenAt;

    /**
     * @param frames the frames expected here, or null for whatever the site's job renders
     */
    RemoteFollow(
            SiteClient client,
            String siteName,
            FrameSet frames,
            RemoteDelegation.Settings settings,
            Clock clock,
            Listener listener) {
        this.client = client;
        this.quick = client.withTimeout(Duration.ofSeconds(10));
        this.siteName = siteName;
        this.frames = frames;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    /** Asks the follow for something; returns at once. Thread-safe. */
    void post(Command command) {
        inbox.add(command);
    }

    /**
     * Takes the commands posted so far without following (a job not yet on the site); returns the cancel reason
     * when one was asked for. Call from the thread that runs the follow.
     */
    String cancelBeforeStart() {
        for (Object item; (item = inbox.poll()) != null; ) {
            if (item instanceof Command c) {
                take(c);
            }
        }
        return cancelReason;
    }

    /** The reason of the cancel taken, or null. */
    String cancelReason() {
        return cancelReason;
    }

    /** Whether a {@link Stop} arrived. */
    boolean stopRequested() {
        return stopped;
    }

    /** The frames of the job held here, verified. */
    Set<Integer> held() {
        return Set.copyOf(held);
    }

    /** The frames {@code output} holds that this job expects. */
    static Set<Integer> heldOf(RemoteOutput output, FrameSet frames) {
        Set<Integer> held = new TreeSet<>();
        output.frames().keySet().stream()
                .filter(f -> frames == null || frames.contains(f))
                .forEach(held::add);
        return held;
    }

    /**
     * Follows job {@code jobId} from after event {@code afterEventId} until it ends, bringing its frames into
     * {@code output}. The pump is stopped before it returns.
     */
    End run(String jobId, RemoteOutput output, long afterEventId) throws InterruptedException {
        this.jobId = jobId;
        this.output = output;
        this.lastEventId = afterEventId;
        held.addAll(heldOf(output, frames));
        streamRetry = new ReconnectPolicy.Backoff(settings.reconnect());
        cancelRetry = new ReconnectPolicy.Backoff(settings.reconnect());
        try {
            return loop();
        } catch (SiteException refused) {
            return new End(Ending.REFUSED, null, refused.getMessage(), null, refusal, null);
        } finally {
            stopPump();
        }
    }

    private End loop() throws SiteException, InterruptedException {
        nextPoll = clock.nanoTime(); // a re-attached job may have ended while this host was away: ask at once
        while (true) {
            long now = clock.nanoTime();
            if (stopped) {
                return new End(Ending.STOPPED, null, "", null, null, null);
            }
            if (pump == null && streamRetry.due(now)) {
                pump = EventPump.start(client, jobId, lastEventId, inbox, ++generation);
            }
            forwardRequests(now);
            if (wakeRequested || now - nextPoll >= 0) {
                wakeRequested = false;
                nextPoll = now + settings.pollInterval().toNanos();
                poll(now);
            }
            End end = ended(now);
            if (end != null) {
                return end;
            }
            Object item = inbox.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
            if (item instanceof Command c) {
                take(c);
            } else if (item != null) {
                handle(item, clock.nanoTime());
            }
        }
    }

    private End ended(long now) {
        if (endEvent != null) {
            if (endEvent instanceof JobEvent.JobFinished finished) {
                return new End(
                        Ending.FINAL, JobState.valueOf(finished.state()), finished.reason(), finished, null, null);
            }
            return new End(Ending.STOPPED_AT, null, "", endEvent, null, null);
        }
        if (finalView != null && now - finalSeenAt > FINAL_GRACE.toNanos()) {
            // the stream lost it; the poll did not
            return new End(Ending.FINAL, finalView.state(), finalView.reason(), null, null, null);
        }
        if (unreachableSince >= 0) {
            long lost = now - unreachableSince;
            if (lost > settings.reconnect().giveUpAfter().toNanos()
                    || cancelReason != null && lost > CANCEL_GIVE_UP.toNanos()) {
                return new End(
                        Ending.LOST_CONTACT, null, lastError.getMessage(), null, lastError, Duration.ofNanos(lost));
            }
        }
        return null;
    }

    private void take(Command command) {
        if (command instanceof Cancel c) {
            if (cancelReason == null) {
                cancelReason = c.reason() == null || c.reason().isBlank() ? "canceled" : c.reason();
                listener.canceled(cancelReason);
            }
        } else if (command instanceof Approve) {
            approveRequested = true;
        } else if (command instanceof Wake) {
            wakeRequested = true;
        } else if (command instanceof Stop) {
            stopped = true;
        }
    }

    private void handle(Object item, long now) throws SiteException {
        if (item instanceof EventPump.Item i && pump != null && i.generation() == pump.generation()) {
            contact();
            streamRetry.succeeded(now);
            if (finalView != null) {
                finalSeenAt = now; // the stream is still delivering (a backlog after a re-attach): let it finish
            }
            onEvent(i.event());
        } else if (item instanceof EventPump.Ended e && pump != null && e.generation() == pump.generation()) {
            pump = null;
            if (e.error() == null) {
                contact(); // the site closed the stream (it does after job-finished)
                streamRetry.succeeded(now);
            } else {
                streamRetry.failed(now);
                trouble(e.error(), now);
            }
        }
    }

    private void onEvent(SiteEvent siteEvent) {
        JobEvent e = siteEvent.event();
        try {
            if (e instanceof JobEvent.JobFinished) {
                endEvent = e;
            } else if (e instanceof JobEvent.FrameDone f) {
                bring(RemoteOutput.Announced.of(f), f);
            } else {
                listener.event(e);
                if (listener.endsAt(e)) {
                    endEvent = e;
                }
            }
        } catch (IOException | RuntimeException notNow) {
            // A sample or frame that cannot be fetched now is fetched again at the end, or reported missing then.
        }
        if (siteEvent.id() > lastEventId) {
            lastEventId = siteEvent.id();
            listener.handled(lastEventId);
        }
    }

    private void bring(RemoteOutput.Announced frame, JobEvent.FrameDone event) throws IOException {
        if (frames != null && !frames.contains(frame.frame())) {
            return;
        }
        RemoteOutput.Brought brought = output.frame(frame);
        held.add(frame.frame());
        listener.frame(event, brought, held.size(), frames == null ? -1 : frames.size());
    }

    private void forwardRequests(long now) throws SiteException {
        if (cancelReason != null && !cancelForwarded && cancelRetry.due(now)) {
            try {
                quick.cancel(jobId, cancelReason);
                cancelForwarded = true;
                contact();
            } catch (IOException e) {
                cancelRetry.failed(now);
                trouble(asSite(e), now);
            }
        }
        if (approveRequested) {
            approveRequested = false;
            try {
                quick.approve(jobId);
            } catch (IOException e) {
                // Not waiting for approval (any more): nothing to forward.
            }
        }
    }

    private void poll(long now) throws SiteException {
        try {
            JobView view = quick.job(jobId);
            contact();
            if (view.state().isFinal() && finalView == null) {
                finalView = view;
                finalSeenAt = now;
            }
        } catch (IOException e) {
            trouble(asSite(e), now);
        }
    }

    private void contact() {
        unreachableSince = -1;
    }

    private static SiteException asSite(IOException e) {
        return e instanceof SiteException s ? s : new SiteException(0, null, e.getMessage());
    }

    /**
     * A site that does not answer, answers 5xx or is busy (503) may come back; any other refusal ends the
     * follow.
     */
    private void trouble(SiteException e, long now) throws SiteException {
        if (e.status() == 0 || e.status() >= 500) {
            if (unreachableSince < 0) {
                unreachableSince = now;
            }
            lastError = e;
            return;
        }
        refusal = e;
        if (e.status() == 404) {
            throw new SiteException(
                    404,
                    e.problem(),
                    "remote site " + siteName + " no longer has job " + jobId + " (" + e.getMessage() + ")");
        }
        throw new SiteException(
                e.status(),
                e.problem(),
                "remote site " + siteName + " refused to go on with job " + jobId + ": " + e.getMessage());
    }

    /**
     * After the end: brings every frame the site's frame list has done that is not held here (nor, with a frame
     * set, outside it).
     */
    Fetched fetchMissing() {
        List<Integer> notBrought = new ArrayList<>();
        String problem = null;
        try {
            List<FrameView> list = client.frames(jobId).frames();
            for (FrameView f : list) {
                if (!f.done() || held.contains(f.frame()) && output.has(f.frame(), f.sha256())) {
                    continue;
                }
                if (frames != null && !frames.contains(f.frame())) {
                    continue;
                }
                try {
                    RemoteOutput.Brought brought = output.frame(RemoteOutput.Announced.of(f));
                    held.add(f.frame());
                    listener.frame(null, brought, held.size(), frames == null ? list.size() : frames.size());
                } catch (IOException e) {
                    notBrought.add(f.frame());
                    problem = e.getMessage();
                }
            }
        } catch (IOException e) {
            problem = e.getMessage();
        }
        return new Fetched(notBrought, problem);
    }

    private void stopPump() {
        if (pump != null) {
            pump.stop();
            pump = null;
        }
    }
}
