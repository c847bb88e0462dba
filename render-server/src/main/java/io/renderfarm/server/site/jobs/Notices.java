package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.callback.CallbackSender;
import io.renderfarm.engine.site.client.HttpClientFactory;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.db.CallbackTable;
import io.renderfarm.server.site.db.JobRecord;
import io.renderfarm.server.site.db.JobTable;
import java.net.URI;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion notices this site owes the sites that delegated jobs to it: one signed POST to the job's
 * {@code callbackUrl} once the job is final, retried with backoff by the engine's {@link CallbackSender}. Whether
 * each was delivered is kept in {@link CallbackTable}, so a notice a stop interrupted is sent after the next start.
 * A notice goes only to a peer ({@link CallbackPeers}): one whose site stopped being a peer since the submit is not
 * sent. The log names the job and the receiving host, never the key.
 */
public final class Notices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
    private final CallbackTable table;
    private final JobTable jobs;
    private final CallbackSender sender;
    private final CallbackPeers peers;

    /** @param clock what the notices are signed and retried by */
    public Notices(
            CallbackTable table, JobTable jobs, CallbackSender.Backoff backoff, CallbackPeers peers, Clock clock) {
        this.table = table;
        this.jobs = jobs;
        this.peers = peers;
        this.sender = new CallbackSender(
                backoff,
                new CallbackSender.Outcome() {
                    @Override
                    public void delivered(String jobId, int attempts) {
                        record(jobId, "delivered", attempts, null);
                        LOG.info("job {}: completion notice delivered (attempt {})", jobId, attempts);
                    }

                    @Override
                    public void abandoned(String jobId, int attempts, String lastProblem) {
                        record(jobId, "failed", attempts, lastProblem);
                        LOG.warn(
                                "job {}: completion notice not delivered after {} attempt(s): {}; the delegating site"
                                        + " learns the end by polling",
                                jobId,
                                attempts,
                                lastProblem);
                    }
                },
                HttpClientFactory.DIRECT,
                clock);
    }

    /** The job just recorded its end: send its notice, if it owes one. */
    void jobFinished(String jobId) {
        try {
            CallbackTable.Owed owed = table.due(jobId);
            if (owed != null) {
                send(owed);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("job {}: cannot send its completion notice: {}", jobId, e.getMessage());
        }
    }

    /** Sends the notices a previous process did not deliver; called once on start. */
    void resendUndelivered() throws SQLException {
        for (CallbackTable.Owed owed : table.undelivered()) {
            send(owed);
        }
    }

    private void send(CallbackTable.Owed owed) throws SQLException {
        if (!peers.allows(owed.url())) {
            record(owed.job(), "failed", 0, "not a peer of this site any more");
            LOG.warn(
                    "job {}: no completion notice sent: its callback URL is not a peer of this site any more; the"
                            + " delegating site learns the end by polling",
                    owed.job());
            return;
        }
        JobRecord job = jobs.find(owed.job()).orElseThrow();
        sender.send(
                URI.create(owed.url()),
                owed.secret(),
                new CompletionNotice(job.id(), job.state(), job.done(), job.total(), job.reason()));
    }

    private void record(String jobId, String state, int attempts, String problem) {
        try {
            table.outcome(jobId, state, attempts, problem);
        } catch (SQLException e) {
            LOG.warn("job {}: cannot record the notice's outcome: {}", jobId, e.getMessage());
        }
    }

    @Override
    public void close() {
        sender.close();
    }
}
