package io.renderfarm.server.site;

import io.javalin.http.Context;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.OfferRequest;
import io.renderfarm.engine.site.OfferView;

/**
 * {@code POST /api/offer}: what this site offers another that considers sending it a job, from the same
 * {@link LocalLoad} it decides its own jobs by, so slots its queued jobs will take are not offered as idle.
 */
final class OfferRoutes {
    private final LocalLoad load;

    OfferRoutes(LocalLoad load) {
        this.load = load;
    }

    void register(Routes routes) {
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
