package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.server.site.base.RemoteSites;
import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.db.JobRecord;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs this site decided to render on a remote site, each as an engine {@link RemoteDelegation}: its
 * files come from the content store, its events go through the job's {@link SiteEventSink} like a local run's, and
 * its frames land verified in the job's {@code out} folder, so clients, the UI and the zip see no difference. The
 * remote job id and the last relayed event are journaled in {@link DelegationTable} as they happen, so after a
 * crash the job {@link RemoteDelegation#resume resumes} following the same remote job.
 */
public final class Delegations {
    private static final Logger LOG = LoggerFactory.getLogger(Delegations.class);
    private final RemoteSites remotes;
    private final JobStores stores;
    private final DelegationTable table;
    private final String siteSecret;
    private final Supplier<URI> publicUrl;

    /**
     * @param remotes    the remote sites the configuration names
     * @param siteSecret this site's callback secret, from which each job's notice key is derived (unless the
     *                   remote site's configuration names its own)
     * @param publicUrl  this site's URL as remote sites reach it
     */
    public Delegations(RemoteSites remotes, JobStores stores, String siteSecret, Supplier<URI> publicUrl) {
        this.remotes = remotes;
        this.stores = stores;
        this.table = stores.delegations();
        this.siteSecret = siteSecret;
        this.publicUrl = publicUrl;
    }

    /** Hands the job to its remote site (or, with {@code resume}, follows it there again). */
    ActiveJob start(JobRecord record, SiteEventSink sink, boolean resume) throws IOException, SQLException {
        String url = record.decision().site();
        RemoteSite remote = remotes.find(url);
        if (remote == null) {
            // The configuration changed since the job was delegated: its token and secret are unknown now.
            remote = new RemoteSite(URI.create(url), null, null);
            LOG.warn(
                    "job {} was delegated to {}, which is no longer configured; following it without a token",
                    record.id(),
                    url);
        }
        table.insert(record.id(), remote.name());
        DelegationTable.Row row = table.find(record.id()).orElseThrow();
        Bundle bundle = Bundle.ofEntries(
                record.scene(),
                stores.jobs().files(record.id()),
                e -> stores.blobs().path(e.sha256()));
        RemoteDelegation.Job job = new RemoteDelegation.Job(
                record.id(),
                record.name(),
                bundle,
                FrameSet.parse(record.frames()),
                record.profile(),
                record.output(),
                record.renderer(),
                callbackUrl(record.id()),
                key(remote, record.id()));
        DirectoryFrameStore store =
                new DirectoryFrameStore(stores.workspace(record.id()).out());
        RemoteDelegation delegation = new RemoteDelegation(
                remote, job, store, store.scratchRoot(), sink, journal(record.id()), remotes.settings());
        if (resume) {
            LOG.info("job {}: following remote job {} on {} again", record.id(), row.remoteJob(), remote.name());
            delegation.resume(row.remoteJob(), row.lastEvent());
        } else {
            delegation.start();
        }
        return ActiveJob.of(delegation);
    }

    /** The key the remote signs this job's completion notice with. */
    public String key(String jobId) throws SQLException {
        String url = table.find(jobId).map(DelegationTable.Row::site).orElse(null);
        RemoteSite remote = url == null ? null : remotes.find(url);
        return key(remote, jobId);
    }

    private String key(RemoteSite remote, String jobId) {
        return CallbackSignature.jobKey(
                remote != null && remote.secret() != null ? remote.secret() : siteSecret, jobId);
    }

    private URI callbackUrl(String jobId) {
        String base = publicUrl.get().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/jobs/" + jobId
                + "/callback");
    }

    private RemoteDelegation.Journal journal(String jobId) {
        return new RemoteDelegation.Journal() {
            @Override
            public void submitted(String remoteJobId) {
                try {
                    table.submitted(jobId, remoteJobId);
                    LOG.info("job {}: remote site took it as job {}", jobId, remoteJobId);
                } catch (SQLException e) {
                    LOG.error("job {}: cannot record remote job {}: {}", jobId, remoteJobId, e.getMessage());
                }
            }

            @Override
            public void relayed(long remoteEventId) {
                try {
                    table.relayed(jobId, remoteEventId);
                } catch (SQLException e) {
                    // After a restart a few events are relayed twice; recording them again changes nothing.
                }
            }
        };
    }
}
