package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.LocalAvailability;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.placement.PlacementException;
import io.renderfarm.engine.site.placement.RemoteOffer;
import io.renderfarm.engine.site.placement.SitePlacement;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.base.RemoteSites;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Decides where a submitted job renders, with the engine's {@link SitePlacement}: this site's {@link LocalLoad}, and
 * the offers of the remote sites, asked ({@code POST /api/offer}, all at once, each within a few seconds) only when
 * the rule needs them. A remote that does not answer becomes an unreachable offer, so where=auto stays here with a
 * note and where=remote is refused with 422 naming the site and the problem.
 */
public final class Placer {
    private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(5);
    private final LocalLoad load;
    private final RemoteSites remotes;
    private final ExecutorService askers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "remote-offer");
        t.setDaemon(true);
        return t;
    });

    public Placer(LocalLoad load, RemoteSites remotes) {
        this.load = load;
        this.remotes = remotes;
    }

    Decision decide(Where asked, JobProfile profile) throws SQLException {
        LocalAvailability local = load.of(profile);
        RemoteOffer offer = null;
        if (remotes.any() && SitePlacement.needsRemoteOffer(asked, local, profile.remoteWaitThreshold())) {
            offer = bestOffer(profile);
        }
        try {
            return SitePlacement.decide(asked, local, offer, profile.remoteWaitThreshold());
        } catch (PlacementException e) {
            throw new ProblemException(ProblemType.REMOTE_REFUSED, e.getMessage());
        }
    }

    private RemoteOffer bestOffer(JobProfile profile) {
        List<CompletableFuture<RemoteOffer>> asks = new ArrayList<>();
        for (RemoteSite site : remotes.sites()) {
            asks.add(CompletableFuture.supplyAsync(() -> ask(site, profile), askers));
        }
        RemoteOffer best = null;
        for (CompletableFuture<RemoteOffer> ask : asks) {
            best = RemoteOffer.better(best, ask.join());
        }
        return best;
    }

    private static RemoteOffer ask(RemoteSite site, JobProfile profile) {
        try {
            return RemoteOffer.ask(site.name(), site.client().withTimeout(OFFER_TIMEOUT), profile);
        } catch (IOException | RuntimeException e) {
            return RemoteOffer.unreachable(site.name(), problem(e));
        }
    }

    /** The part of a client error a decision's reason needs: "connection refused", "it answered 401: …". */
    static String problem(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SiteException s && s.status() == 0) {
            int colon = message.indexOf(": ", message.indexOf("://") + 3);
            return colon < 0 ? message : message.substring(colon + 2);
        }
        return message.replaceFirst("^site answered", "it answered");
    }
}
