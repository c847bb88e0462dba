package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.callback.CallbackRejected;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.auth.AnonymousBodies;
import io.renderfarm.server.site.auth.Guard;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.CallbackTable;
import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.jobs.Delegations;
import io.renderfarm.server.site.jobs.JobManager;
import java.util.regex.Pattern;

/**
 * {@code POST /api/jobs/{id}/callback}: a remote site's completion notice for a job this site delegated to it.
 * The remote does not hold this site's token, so the notice authenticates itself: its HMAC signature with the
 * job's key, a timestamp within the window of the site's clock and a nonce never seen before ({@link CallbackSignature}). A notice
 * that fails any check is refused with 401 and changes nothing, before the site says whether the job exists; a good
 * one is recorded and makes the job look at its remote job at once. The notice never decides the outcome: the
 * frames are still fetched and verified. What can be checked without the body (the headers, the timestamp) is
 * checked before the body is read, and the body is read as {@link AnonymousBodies} reads it, at most
 * {@link #MAX_NOTICE_BYTES}: the caller has not proved anything yet.
 */
public final class CallbackRoutes {
    /** The one API path a request may reach without the site's token, because it is signed instead. */
    public static final Pattern PATH = Guard.CALLBACK_PATH;
    /** A notice is a job id, a state, two counts and a reason of at most a few hundred characters. */
    static final int MAX_NOTICE_BYTES = 64 * 1024;

    private final JobManager jobs;
    private final CallbackTable callbacks;
    private final DelegationTable delegationTable;
    private final Delegations delegations;
    private final AnonymousBodies anonymous;
    private final Clock clock;

    /**
     * @param callbacks the keys the site's own callbacks are signed with
     * @param clock     the site's clock, which a notice's timestamp must be within the window of
     */
    public CallbackRoutes(
            JobManager jobs,
            CallbackTable callbacks,
            DelegationTable delegationTable,
            Delegations delegations,
            AnonymousBodies anonymous,
            Clock clock) {
        this.jobs = jobs;
        this.callbacks = callbacks;
        this.delegationTable = delegationTable;
        this.delegations = delegations;
        this.anonymous = anonymous;
        this.clock = clock;
    }

    public void register(Routes routes) {
        routes.post("/api/jobs/{id}/callback", this::notice);
    }

    private void notice(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        CallbackSignature.Headers headers = new CallbackSignature.Headers(
                ctx.header(CallbackSignature.TIMESTAMP_HEADER),
                ctx.header(CallbackSignature.NONCE_HEADER),
                ctx.header(CallbackSignature.SIGNATURE_HEADER));
        byte[] body;
        try {
            CallbackSignature.checkHeaders(headers, clock.instant());
            body = anonymous.read(ctx, MAX_NOTICE_BYTES);
            new CallbackSignature(delegations.key(id))
                    .verify("POST", ctx.path(), body, headers, clock.instant(), callbacks);
        } catch (CallbackRejected e) {
            throw new ProblemException(401, "Unauthorized", "completion notice refused: " + e.getMessage());
        }
        // Only now, to a caller who holds the job's key, may the answer tell whether the job exists.
        jobs.view(id);
        DelegationTable.Row row = delegationTable
                .find(id)
                .orElseThrow(() -> ProblemException.notFound("job " + id + " was not delegated to a remote site"));
        CompletionNotice notice = Http.parse(body, CompletionNotice.class);
        if (notice == null || row.remoteJob() != null && !row.remoteJob().equals(notice.job())) {
            throw ProblemException.conflict("the notice is about remote job " + (notice == null ? null : notice.job())
                    + ", but job " + id + " went to " + row.site() + " as job " + row.remoteJob());
        }
        jobs.notified(id);
        ctx.status(204);
    }
}
