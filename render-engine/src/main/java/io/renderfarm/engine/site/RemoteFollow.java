package io.renderfarm.engine.site;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.store.StoredFrame;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The loop of one {@link RemoteDelegation} once the remote site has the job: relays the event stream (through an
 * {@link EventPump}, reconnecting after the last relayed id), polls the remote job, forwards cancel and approve,
 * notices a remote that stays unreachable, and at the end brings any frame still missing here and decides the
 * outcome. Runs on the delegation's thread only; no state here is shared.
 */
final class RemoteFollow {
    private static final long TICK_MILLIS = 250;
    private static final long RECONNECT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the event stream may lag behind a poll that saw the job final before the poll's view is used. */
    private static final long FINAL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** A cancel the remote cannot be told ends the job here after this long, not after the full give-up time. */
    private static final long CANCEL_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final long CANCEL_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RemoteDelegation d;
    private final RemoteOutput output;
    private final Set<Integer> held = new TreeSet<>();
    private final int total;
    private long lastEventId;
    private EventPump pump;
    private int generation;
    private long reconnectAt;
    private long nextPoll;
    private long unreachableSince = -1;
    private String lastProblem = "";
    private boolean canceledHere;
    private boolean cancelForwarded;
    private long nextCancelTry;
    private JobEvent.JobFinished remoteFinished;
    private JobView finalView;
    private long finalSeenAt;

    RemoteFollow(RemoteDelegation delegation, RemoteOutput output, long afterEventId) {
        this.d = delegation;
        this.output = output;
        this.lastEventId = afterEventId;
        this.total = delegation.job.frames().size();
        output.frames().keySet().stream()
                .filter(delegation.job.frames()::contains)
                .forEach(held::add);
    }

    /** After a restart: the frames already held here, as {@code frame-done} with {@code skipped}, like a local resume. */
    void announceHeldFrames() {
        int done = 0;
        for (Map.Entry<Integer, StoredFrame> f : output.frames().entrySet()) {
            if (held.contains(f.getKey())) {
                d.emit(d.relay.frameDone(f.getValue(), ++done, total, true));
            }
        }
    }

    void run() throws InterruptedException {
        try {
            loop();
        } catch (SiteException refused) {
            stopPump();
            finish(JobState.FAILED, refused.getMessage());
        }
    }

    private void loop() throws SiteException, InterruptedException {
        long now = System.nanoTime();
        reconnectAt = now;
        nextPoll = now; // a re-attached job may have ended while this host was away: ask at once
        while (true) {
            now = System.nanoTime();
            if (d.abandoned) {
                stopPump();
                d.abandoned();
                return;
            }
            if (pump == null && now >= reconnectAt) {
                pump = EventPump.start(d.client, d.remoteJobId, lastEventId, d.inbox, ++generation);
            }
            forwardRequests();
            if (d.wakeRequested || now >= nextPoll) {
                d.wakeRequested = false;
                nextPoll = now + d.settings.pollInterval().toNanos();
                poll(now);
            }
            if (remoteFinished != null) {
                conclude(JobState.valueOf(remoteFinished.state()), remoteFinished.reason());
                return;
            }
            if (finalView != null && now - finalSeenAt > FINAL_GRACE_NANOS) {
                conclude(finalView.state(), finalView.reason()); // the stream lost it; the poll did not
                return;
            }
            if (unreachableSince >= 0
                    && (now - unreachableSince > d.settings.giveUpAfter().toNanos()
                            || d.cancelReason != null && now - unreachableSince > CANCEL_GIVE_UP_NANOS)) {
                lostContact(now);
                return;
            }
            handle(d.inbox.poll(TICK_MILLIS, TimeUnit.MILLISECONDS), System.nanoTime());
        }
    }

    private void handle(Object item, long now) throws SiteException {
        if (item instanceof EventPump.Item i && pump != null && i.generation() == pump.generation()) {
            unreachableSince = -1;
            if (finalView != null) {
                finalSeenAt = now; // the stream is still delivering (a backlog after a re-attach): let it finish
            }
            onEvent(i.event());
        } else if (item instanceof EventPump.Ended e && pump != null && e.generation() == pump.generation()) {
            pump = null;
            reconnectAt = now + RECONNECT_NANOS;
            if (e.error() == null) {
                unreachableSince = -1; // the remote closed the stream (it does after job-finished)
            } else {
                trouble(e.error(), now);
            }
        }
    }

    private void onEvent(SiteEvent siteEvent) {
        JobEvent e = siteEvent.event();
        try {
            if (e instanceof JobEvent.JobFinished finished) {
                remoteFinished = finished;
            } else if (e instanceof JobEvent.Sample sample) {
                d.emit(d.relay.sample(sample, output.sample(sample)));
            } else if (e instanceof JobEvent.ChunkLog log) {
                d.emit(d.relay.chunkLog(log, keptLog(log)));
            } else if (e instanceof JobEvent.FrameDone f) {
                bringFrame(f.frame(), f.file(), f.sha256(), f.path(), f.bytes());
            } else if (!(canceledHere && e instanceof JobEvent.Canceled)) {
                d.relay.relay(e, held.size(), total).ifPresent(d::emit);
            }
        } catch (IOException | RuntimeException notNow) {
            // A sample or frame that cannot be fetched now is fetched again at the end, or reported missing then.
        }
        if (siteEvent.id() > lastEventId) {
            lastEventId = siteEvent.id();
            d.journal.relayed(lastEventId);
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

    private void bringFrame(int frame, String file, String sha256, String url, Long bytes) throws IOException {
        if (!d.job.frames().contains(frame)) {
            return;
        }
        StoredFrame stored = output.frame(frame, file, sha256, url, bytes);
        held.add(frame);
        d.emit(d.relay.frameDone(stored, held.size(), total, false));
    }

    private void forwardRequests() throws SiteException {
        if (d.cancelReason != null && !canceledHere) {
            canceledHere = true;
            d.emit(d.relay.canceled(d.cancelReason));
        }
        if (d.cancelReason != null && !cancelForwarded && System.nanoTime() >= nextCancelTry) {
            nextCancelTry = System.nanoTime() + CANCEL_RETRY_NANOS;
            try {
                d.quick.cancel(d.remoteJobId, d.cancelReason);
                cancelForwarded = true;
            } catch (IOException e) {
                trouble(asSite(e), System.nanoTime());
            }
        }
        if (d.approveRequested) {
            d.approveRequested = false;
            try {
                d.quick.approve(d.remoteJobId);
            } catch (IOException e) {
                // Not waiting for approval (any more): nothing to forward.
            }
        }
    }

    private void poll(long now) throws SiteException {
        try {
            JobView view = d.quick.job(d.remoteJobId);
            unreachableSince = -1;
            if (view.state().isFinal() && finalView == null) {
                finalView = view;
                finalSeenAt = now;
            }
        } catch (IOException e) {
            trouble(asSite(e), now);
        }
    }

    private static SiteException asSite(IOException e) {
        return e instanceof SiteException s ? s : new SiteException(0, null, e.getMessage());
    }

    /** A remote that does not answer (or answers 5xx) may come back; any other refusal ends the job. */
    private void trouble(SiteException e, long now) throws SiteException {
        if (e.status() == 0 || e.status() >= 500) {
            if (unreachableSince < 0) {
                unreachableSince = now;
            }
            lastProblem = e.getMessage();
            return;
        }
        stopPump();
        if (e.status() == 404) {
            throw new SiteException(
                    404,
                    e.problem(),
                    "remote site " + d.site.name() + " no longer has job " + d.remoteJobId + " (" + e.getMessage()
                            + ")");
        }
        throw new SiteException(
                e.status(),
                e.problem(),
                "remote site " + d.site.name() + " refused to go on with job " + d.remoteJobId + ": " + e.getMessage());
    }

    /** The remote job is final: fetch what is still missing here and decide. Never SUCCEEDED with a frame missing. */
    private void conclude(JobState remoteState, String remoteReason) {
        stopPump();
        String fetchProblem = fetchMissingFrames();
        FrameSet missing = d.job.frames().minus(held);
        String reason = remoteReason == null ? "" : remoteReason;
        switch (remoteState) {
            case SUCCEEDED -> {
                if (missing.isEmpty()) {
                    finish(JobState.SUCCEEDED, "");
                } else {
                    finish(
                            JobState.FAILED,
                            missing.size() + " frame(s) (" + missing + ") could not be brought back"
                                    + " verified from remote site " + d.site.name()
                                    + (fetchProblem == null ? "" : ": " + fetchProblem));
                }
            }
            case CANCELED ->
                finish(JobState.CANCELED, reason.isEmpty() ? "canceled on remote site " + d.site.name() : reason);
            default -> finish(JobState.FAILED, "remote site " + d.site.name() + ": " + reason);
        }
    }

    private String fetchMissingFrames() {
        String problem = null;
        try {
            for (FrameView f : d.client.frames(d.remoteJobId).frames()) {
                if (f.done() && !held.contains(f.frame())) {
                    try {
                        bringFrame(f.frame(), f.file(), f.sha256(), f.url(), f.bytes());
                    } catch (IOException e) {
                        problem = e.getMessage();
                    }
                }
            }
        } catch (IOException e) {
            problem = e.getMessage();
        }
        return problem;
    }

    private void lostContact(long now) {
        stopPump();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(now - unreachableSince);
        if (d.cancelReason != null) {
            finish(
                    JobState.CANCELED,
                    d.cancelReason + " (remote site " + d.site.name() + " could not be told: " + lastProblem
                            + "; its job may still run there)");
        } else {
            finish(
                    JobState.FAILED,
                    "lost contact with remote site " + d.site.name() + " for " + seconds + " s (" + lastProblem + "); "
                            + held.size() + " of " + total + " frame(s) were brought back");
        }
    }

    void finish(JobState state, String reason) {
        FrameSet failed =
                state == JobState.SUCCEEDED ? FrameSet.empty() : d.job.frames().minus(held);
        d.complete(
                d.relay.finished(state, held.size(), total, failed, reason),
                new JobResult(state, held.size(), total, failed, reason));
    }

    private void stopPump() {
        if (pump != null) {
            pump.stop();
            pump = null;
        }
    }
}
