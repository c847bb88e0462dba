package io.renderfarm.engine.site;

import java.io.IOException;

/**
 * Hands a job to a remote site: sends the files it lacks (content-addressed, resumable), then submits the job
 * with {@code where=local} (a delegated job is never forwarded again, so two sites cannot bounce a job between
 * them) and the completion notice's URL and key. The remote job's name ends with a tag naming this side's job, so
 * a host that died between the remote accepting the job and recording its id finds it again instead of
 * submitting it twice.
 */
final class RemoteSubmission {
    private static final int MAX_NAME = 200;

    private RemoteSubmission() {
    }

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
        String name = job.name().length() + tag.length() > MAX_NAME ? job.name().substring(0, MAX_NAME - tag.length()) : job.name();
        SubmitRequest request = new SubmitRequest(name + tag, job.bundle().scene(), job.bundle().entries(),
                job.frames().toString(), job.profile(), job.output(), Where.LOCAL,
                job.callbackUrl() == null ? null : job.callbackUrl().toString(), job.callbackKey());
        try {
            return client.submit(request).id();
        } catch (SiteException e) {
            if (e.status() != 409 || e.problem() == null || e.problem().missing() == null) {
                throw e;
            }
            BundleUpload.send(client, job.bundle()); // the remote dropped a content between the check and the submit
            return client.submit(request).id();
        }
    }
}
