package io.renderfarm.server.site;

import io.renderfarm.engine.schedule.Clock;
import io.renderfarm.engine.schedule.FairShareFarm;
import io.renderfarm.server.site.db.CallbackTable;
import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.db.JobTable;
import io.renderfarm.server.site.db.SiteDatabase;
import io.renderfarm.server.site.jobs.BlobStore;
import io.renderfarm.server.site.jobs.EventHub;
import io.renderfarm.server.site.jobs.JobWorkspace;
import io.renderfarm.server.site.jobs.TrackingFarm;
import java.nio.file.Path;

/**
 * What the site's parts share: the database tables, the blob store, the farm (and its priorities: {@code shares},
 * the same farm the tracking one passes chunks to), the event hub, the data folder, and the clock every timeout,
 * expiry and stored time of the site reads.
 */
public record SiteContext(
        SiteConfig config,
        SiteDatabase db,
        JobTable jobs,
        EventLedger ledger,
        BlobStore blobs,
        TrackingFarm farm,
        FairShareFarm shares,
        EventHub hub,
        DelegationTable delegations,
        CallbackTable callbacks,
        Clock clock) {
    public JobWorkspace workspace(String jobId) {
        return new JobWorkspace(jobsRoot(), jobId);
    }

    Path jobsRoot() {
        return config.dataDir().resolve("jobs");
    }
}
