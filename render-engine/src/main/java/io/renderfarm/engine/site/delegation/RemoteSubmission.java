package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.IOException;

/**
 * Hands a job to a remote site: sends the files it lacks (content-addressed, resumable), then submits the job
 * with {@code where=local} (a delegated job is never forwarded again, so two sites cannot bounce a job between
 * them) and the completion notice's URL and key. The remote job's name ends with a tag naming this side's job, so
 * a host that died between the remote accepting the job and recording its id finds it again instead of
 * submitting it twice. A submit whose answer never came, or came as a server error, may still have created the
 * job there: it is looked up by its exact name, frames and scene and canceled, so the remote does not render it
 * for nobody.
 */
final class RemoteSubmission {
    private static final int MAX_NAME = 200;

    private RemoteSubmission() {}

    /** The tag the remote job's name ends with. */
    static String tag(String localJobId) {
        return " [via " + localJobId + "]";
    }

    /**
     * Submits the job, or on a resume first looks for one a previous process submitted.
     *
     * @return the remote site's job id
     */
    static String submitOrAttach(SiteClient client, RemoteDelegation.Job job, boolean resuming) throws IOException {
        String tag = tag(job.id());
        if (resuming) {
            for (JobView v : client.jobs().jobs()) {
                if (v.name() != null && v.name().endsWith(tag)) {
                    return v.id();
                }
            }
        }
        BundleUpload.send(client, job.bundle());
        String name = job.name().length() + tag.length() > MAX_NAME
                ? job.name().substring(0, MAX_NAME - tag.length())
                : job.name();
        SubmitRequest request = new SubmitRequest(
                name + tag,
                job.bundle().scene(),
                job.bundle().entries(),
                job.frames().toString(),
                job.profile(),
                job.output(),
                Where.LOCAL,
                job.callbackUrl() == null ? null : job.callbackUrl().toString(),
                job.callbackKey());
        try {
            return confirmed(client, request);
        } catch (SiteException e) {
            if (e.type() != ProblemType.FILES_MISSING
                    || e.problem() == null
                    || e.problem().missing() == null) {
                throw e;
            }
            BundleUpload.send(client, job.bundle()); // the remote dropped a content between the check and the submit
            return confirmed(client, request);
        }
    }

    /** Submits; when the site's answer does not confirm or refuse the job, withdraws any job it made of it. */
    private static String confirmed(SiteClient client, SubmitRequest request) throws SiteException, IOException {
        try {
            return client.submit(request).id();
        } catch (SiteException e) {
            if (e.status() != 0 && e.status() < 500) {
                throw e; // refused: the site made no job of it
            }
            int withdrawn = withdraw(client, request);
            throw withdrawn == 0
                    ? e
                    : new SiteException(
                            e.status(),
                            e.problem(),
                            e.getMessage() + " (the job it had created anyway was canceled there)");
        }
    }

    /** A Jenkins site shows a job's scene by its file name only. */
    private static String fileName(String scene) {
        return scene == null ? "" : scene.substring(scene.lastIndexOf('/') + 1);
    }

    /** Cancels the site's unfinished jobs that are this request's, by name, frames and scene; how many. */
    private static int withdraw(SiteClient client, SubmitRequest request) {
        int canceled = 0;
        try {
            for (JobView v : client.jobs().jobs()) {
                if (v.name() != null
                        && request.name().strip().equals(v.name().strip())
                        && request.frames().equals(v.frames())
                        && fileName(request.scene()).equals(fileName(v.scene()))
                        && !v.state().isFinal()) {
                    client.cancel(v.id(), "the sending site could not confirm the submission");
                    canceled++;
                }
            }
        } catch (IOException | RuntimeException unreachable) {
            // Nothing more can be done from here; a job there was never confirmed to anyone.
        }
        return canceled;
    }
}
