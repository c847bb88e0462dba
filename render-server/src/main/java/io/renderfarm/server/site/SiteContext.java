package io.renderfarm.server.site;

import io.renderfarm.engine.schedule.Clock;
import io.renderfarm.engine.schedule.FairShareFarm;
import java.nio.file.Path;

/**
 * What the site's parts share: the database tables, the blob store, the farm (and its priorities: {@code shares},
 * the same farm the tracking one passes chunks to), the event hub, the data folder, and the clock every timeout,
 * expiry and stored time of the site reads.
 */
record SiteContext(
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
    JobWorkspace workspace(String jobId) {
        return new JobWorkspace(jobsRoot(), jobId);
    }

    Path jobsRoot() {
        return config.dataDir().resolve("jobs");
    }
}
