package io.renderfarm.engine.site;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a job on a site to its end and brings its output here: every sample and frame named by the job's
 * events is downloaded into a local {@link FrameStore}, each frame verified (decodes, SHA-256 equal to the
 * site's) before it is stored. The events are passed on to a sink with {@code path} pointing at the local copy,
 * so a consumer sees the same events as for a local render. A broken connection (a site restart) is resumed from
 * the last event id; after {@code job-finished} any frame still missing here is fetched from the frame list.
 * A {@code job-stalled} event (the site stopped the job until it restarts) ends the following too, with the frames
 * done so far fetched and the job's {@link JobView#problem()} saying why, rather than waiting without a word.
 */
public final class SiteJobFollower {
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    private final SiteClient client;
    private final RemoteOutput output;
    private final JobEventSink sink;
    private JobEvent.JobFinished finished;
    private JobEvent.JobStalled stalled;
    /** The highest event id handled, to resume after; and when the site last sent anything. */
    private long lastSeen;

    private long lastContact;

    /** How a followed job ended here: the site's final view and the frames this side holds verified. */
    public record Outcome(JobView job, int framesVerified, List<Integer> framesMissing) {
        public boolean complete() {
            return job.state() == JobState.SUCCEEDED && framesMissing.isEmpty();
        }
    }

    /** @param scratch a folder on the store's file system for downloads in progress */
    public SiteJobFollower(SiteClient client, FrameStore store, Path scratch, JobEventSink sink) throws IOException {
        this.client = client;
        this.output = new RemoteOutput(client, store, scratch);
        this.sink = sink;
    }

    /**
     * Blocks until the job is final on the site, or stalled there, and its frames are here (or known missing).
     * After a stall the outcome's job is not final and carries the site's {@link JobView#problem()}.
     */
    public Outcome follow(String jobId) throws IOException, InterruptedException {
        lastContact = System.nanoTime();
        while (finished == null && stalled == null) {
            boolean busy = false;
            try {
                client.events(jobId, lastSeen, this::onEvent);
                lastContact = System.nanoTime();
            } catch (IOException e) {
                // A refusal ends it; a site that cannot be reached, or that died while the stream was being read
                // (a crash, a restart), is waited for and the stream resumed after the last event handled; so is
                // one serving as many event streams as it takes (503), which answers again once one ends.
                busy = e instanceof SiteException s && s.status() == 503;
                boolean refused = e instanceof SiteException s && s.status() != 0 && !busy;
                if (refused || System.nanoTime() - lastContact > GIVE_UP_AFTER.toNanos()) {
                    throw e;
                }
            }
            if (finished == null && stalled == null) {
                Thread.sleep(
                        busy ? 2000 : 500); // the site went away (restart) or closed the stream early: resume shortly
            }
        }
        List<Integer> missing = fetchMissingFrames(jobId, (finished != null ? finished : stalled).t());
        JobView view = client.job(jobId);
        if (finished != null) {
            sink.accept(finished);
        } else if (view.problem() == null) {
            view = view.withProblem(stalled.reason());
        }
        return new Outcome(view, output.frames().size(), missing);
    }

    private boolean onEvent(SiteEvent siteEvent) {
        lastContact = System.nanoTime();
        lastSeen = Math.max(lastSeen, siteEvent.id());
        JobEvent e = siteEvent.event();
        if (e instanceof JobEvent.JobFinished f) {
            finished = f;
            return false;
        }
        if (e instanceof JobEvent.JobStalled s) {
            stalled = s;
            sink.accept(e);
            return false;
        }
        try {
            if (e instanceof JobEvent.Sample sample) {
                sink.accept(sample.at(output.sample(sample), sample.name()));
                return true;
            }
            if (e instanceof JobEvent.FrameDone done) {
                StoredFrame f = output.frame(done.frame(), done.file(), done.sha256(), done.path(), done.bytes());
                sink.accept(done.at(f.location(), done.file(), done.bytes()));
                return true;
            }
        } catch (IOException | RuntimeException e1) {
            // A sample or frame that cannot be fetched now is fetched again after the end, or reported missing.
            return true;
        }
        sink.accept(e);
        return true;
    }

    private List<Integer> fetchMissingFrames(String jobId, double t) throws IOException {
        List<Integer> missing = new ArrayList<>();
        List<FrameView> frames = client.frames(jobId).frames();
        for (FrameView f : frames) {
            if (!f.done() || output.has(f.frame(), f.sha256())) {
                continue;
            }
            try {
                StoredFrame stored = output.frame(f.frame(), f.file(), f.sha256(), f.url(), f.bytes());
                sink.accept(new JobEvent.FrameDone(
                        t,
                        jobId,
                        f.frame(),
                        stored.location(),
                        f.sha256(),
                        output.frames().size(),
                        frames.size(),
                        false));
            } catch (IOException e) {
                missing.add(f.frame());
            }
        }
        return missing;
    }
}
