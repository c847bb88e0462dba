package io.renderfarm.server.site.jobs;

import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.db.JobTable;
import java.nio.file.Path;

/**
 * Where the site keeps its jobs: their rows, their recorded events, their delegations, the contents of their files
 * and their folders under {@code jobs}. What the job lifecycle ({@link JobManager}, {@link Delegations}) reads and
 * writes; the HTTP routes get only the parts they serve.
 */
public record JobStores(
        JobTable jobs, EventLedger ledger, DelegationTable delegations, BlobStore blobs, Path jobsRoot) {
    /** The folder of job {@code jobId}. */
    public JobWorkspace workspace(String jobId) {
        return new JobWorkspace(jobsRoot, jobId);
    }
}
