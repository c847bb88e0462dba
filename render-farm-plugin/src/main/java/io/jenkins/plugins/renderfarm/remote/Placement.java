package io.jenkins.plugins.renderfarm.remote;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.LocalAvailability;
import io.renderfarm.engine.site.placement.RemoteOffer;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.placement.PlacementException;
import io.renderfarm.engine.site.placement.SitePlacement;
import io.renderfarm.engine.site.api.Where;
import java.time.Duration;
import java.util.Optional;

/**
 * Where one render goes: the engine's {@link SitePlacement} decides from this controller's {@link LocalCapacity} and,
 * only when it needs one, the remote controller's offer for the profile ({@code POST /api/offer}). A remote controller that
 * cannot be asked makes {@code auto} stay here with a note in the reason and {@code remote} fail with it.
 */
public final class Placement {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);

    /** The decision, and the remote site to use when it says remote. */
    public record Placed(Decision decision, RemoteSite site, String remoteName) {
    }

    private Placement() {
    }

    /** @param askClouds whether the render may wait for agents a cloud provisions for the label */
    public static Placed decide(Where asked, String remoteName, String labelExpression, JobProfile profile,
                               boolean askClouds, Run<?, ?> run) throws AbortException {
        if (asked == Where.LOCAL) {
            return new Placed(SitePlacement.decide(asked, null, null, profile.remoteWaitThreshold()), null, null);
        }
        LocalAvailability local = LocalCapacity.of(labelExpression, profile, askClouds);
        Optional<RemoteController> controller = RenderFarmConfiguration.get().remoteController(remoteName);
        if (controller.isEmpty() && !remoteName.isEmpty()) {
            throw new AbortException("no remote controller named '" + remoteName + "' (Manage Jenkins » System » Render farm)");
        }
        RemoteSite site = null;
        RemoteOffer offer = null;
        if (controller.isPresent() && SitePlacement.needsRemoteOffer(asked, local, profile.remoteWaitThreshold())) {
            String url = controller.get().getUrl();
            try {
                site = RemoteSites.site(controller.get(), run);
                offer = RemoteOffer.ask(site.name(), site.client().withTimeout(ASK_TIMEOUT), profile);
            } catch (Exception e) {
                offer = RemoteOffer.unreachable(url, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        try {
            Decision decision = SitePlacement.decide(asked, local, offer, profile.remoteWaitThreshold());
            return new Placed(decision, decision.where() == Where.REMOTE ? site : null,
                    controller.map(RemoteController::getName).orElse(null));
        } catch (PlacementException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
