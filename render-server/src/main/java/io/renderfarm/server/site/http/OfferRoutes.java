package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.OfferRequest;
import io.renderfarm.engine.site.api.OfferView;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.jobs.LocalLoad;

/**
 * {@code POST /api/offer}: what this site offers another that considers sending it a job, from the same
 * {@link LocalLoad} it decides its own jobs by, so slots its queued jobs will take are not offered as idle.
 */
public final class OfferRoutes {
    private final LocalLoad load;

    public OfferRoutes(LocalLoad load) {
        this.load = load;
    }

    public void register(Routes routes) {
        routes.post("/api/offer", this::offer);
    }

    private void offer(Context ctx) throws Exception {
        OfferRequest request = Http.body(ctx, OfferRequest.class);
        JobProfile profile;
        try {
            profile = OfferRequest.checkedProfile(request);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        Http.json(ctx, 200, OfferView.of(load.of(profile)));
    }
}
