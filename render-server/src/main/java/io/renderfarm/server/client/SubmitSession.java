package io.renderfarm.server.client;

import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.delegation.SiteJobFollower;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.store.HeldFrames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code submit}: sends the scene's files content-addressed (only what the site lacks), submits the job,
 * then follows it to the end, saving samples and verified frames into the output folder and passing the events
 * on. Frames the output folder already holds verified are kept and not rendered again, as {@code render} keeps
 * them ({@link HeldFrames}): only the others are submitted, and nothing when none is missing. {@link #cancel} asks
 * the site to cancel (Ctrl-C); following goes on until the site reports the end.
 */
public final class SubmitSession {
    private final SiteClient client;
    private final PrintStream log;
    private volatile String jobId;
    private volatile boolean cancelRequested;

    /** What the job is: the scene and its assets, frames, profile, naming, where to render and its priority (null: 50). */
    public record Spec(
            Path scene,
            List<Path> assets,
            FrameSet frames,
            JobProfile profile,
            OutputNaming output,
            Where where,
            String name,
            Integer priority) {
        /** A job at the site's default priority. */
        public Spec(
                Path scene,
                List<Path> assets,
                FrameSet frames,
                JobProfile profile,
                OutputNaming output,
                Where where,
                String name) {
            this(scene, assets, frames, profile, output, where, name, null);
        }
    }

    /** @param log where one-line notes for people go (stderr), never the event output */
    public SubmitSession(SiteClient client, PrintStream log) {
        this.client = client;
        this.log = log;
    }

    /**
     * Uploads what is missing and submits the frames {@code out} does not hold verified; returns the site's job, or
     * null when {@code out} holds every frame already (nothing is sent then).
     */
    public JobView submit(Spec spec, Path out) throws IOException {
        FrameSet frames = spec.frames();
        if (Files.isDirectory(out)) {
            HeldFrames held = HeldFrames.of(
                    frames,
                    new DirectoryFrameStore(out),
                    spec.profile().format().format());
            if (held.missing().isEmpty()) {
                log.printf(
                        "renderfarm: all %d frame(s) are in %s already, verified: nothing to render%n",
                        frames.size(), out.toAbsolutePath());
                return null;
            }
            if (!held.held().isEmpty()) {
                log.printf(
                        "renderfarm: %d frame(s) are in %s already, verified: kept; rendering the other %d (%s)%n",
                        held.held().size(), out.toAbsolutePath(), held.missing().size(), held.missing());
            }
            frames = held.missing();
        }
        Bundle bundle = Bundle.of(spec.scene(), spec.assets(), List.of(out));
        BundleUpload.Report sent = BundleUpload.send(client, bundle);
        log.printf(
                "renderfarm: sent %d file(s), %d bytes; %d file(s), %d bytes already on the site%n",
                sent.filesSent(), sent.bytesSent(), sent.filesPresent(), sent.bytesPresent());
        SubmitRequest request = new SubmitRequest(
                        spec.name(),
                        bundle.scene(),
                        bundle.entries(),
                        frames.toString(),
                        ProfileReader.toJson(spec.profile()),
                        spec.output(),
                        spec.where())
                .withPriority(spec.priority());
        JobView job;
        try {
            job = client.submit(request);
        } catch (SiteException e) {
            if (e.type() != ProblemType.FILES_MISSING
                    || e.problem() == null
                    || e.problem().missing() == null) {
                throw e;
            }
            BundleUpload.send(client, bundle); // a content vanished between the check and the submit: once more
            job = client.submit(request);
        }
        jobId = job.id();
        log.printf("renderfarm: job %s, its page: %s%n", job.id(), jobPage(client.base(), job.id()));
        if (cancelRequested) {
            cancel("interrupted (Ctrl-C)");
        }
        return job;
    }

    /** The web UI's page of a job on the site at {@code base}. */
    public static java.net.URI jobPage(java.net.URI base, String jobId) {
        return base.resolve("/job.html?id=" + jobId);
    }

    /** Follows the submitted job to its end, saving its output into {@code out}. */
    public SiteJobFollower.Outcome follow(Path out, JobEventSink events) throws IOException, InterruptedException {
        DirectoryFrameStore store = new DirectoryFrameStore(out);
        return new SiteJobFollower(client, store, store.scratchRoot(), events).follow(jobId);
    }

    /** Asks the site to cancel the job (or, before it exists, to cancel it as soon as it does). Never throws. */
    public void cancel(String reason) {
        cancelRequested = true;
        String id = jobId;
        if (id == null) {
            return;
        }
        try {
            client.cancel(id, reason);
        } catch (IOException e) {
            log.println("renderfarm: could not cancel job " + id + ": "
                    + (e instanceof SiteException s ? SiteErrors.sentence(s) : e.getMessage()));
        }
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }
}
