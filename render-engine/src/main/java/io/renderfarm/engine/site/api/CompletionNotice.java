package io.renderfarm.engine.site.api;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.callback.CallbackSignature;

/**
 * Body of the completion notice a site posts to a job's {@code callbackUrl} once the job is final, signed with
 * {@link CallbackSignature}. It only says "look now": the receiver still fetches the job, its frames and their
 * checksums over the protocol, so a notice can never make a result appear that the site does not serve.
 *
 * @param job    the notifying site's id of the job
 * @param state  SUCCEEDED, FAILED or CANCELED
 * @param done   frames rendered and verified there
 * @param total  frames in the job
 * @param reason why it failed or was canceled; empty otherwise
 */
public record CompletionNotice(String job, JobState state, int done, int total, String reason) {}
