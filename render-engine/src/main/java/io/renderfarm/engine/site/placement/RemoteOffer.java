package io.renderfarm.engine.site.placement;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.OfferView;
import io.renderfarm.engine.site.api.SiteInfo;
import io.renderfarm.engine.site.api.SlotView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.IOException;

/**
 * What a remote site said about itself when asked before a decision: reachable or not (and why), how many of its
 * slots could render the job and are idle, and whether it can provision more (a Jenkins controller whose cloud
 * starts agents for the job's label).
 *
 * @param site         the remote site's URL
 * @param reachable    whether it answered
 * @param capableSlots its slots that can render the job's profile
 * @param idleSlots    of those, the idle ones
 * @param canGrow      it can provision more capable slots on demand
 * @param problem      why it is unreachable, for the decision's reason; null when reachable
 */
public record RemoteOffer(
        String site, boolean reachable, int capableSlots, int idleSlots, boolean canGrow, String problem) {
    public static RemoteOffer unreachable(String site, String problem) {
        return new RemoteOffer(site, false, 0, 0, false, problem);
    }

    /**
     * Asks a site for its offer for a job of {@code profile}: {@code POST /api/offer}, or from its resource
     * database ({@code GET /api/site}) when it is a site from before that endpoint (404).
     *
     * @throws IOException when the site cannot be reached or refuses
     */
    public static RemoteOffer ask(String site, SiteClient client, JobProfile profile) throws IOException {
        try {
            OfferView offer = client.offer(profile);
            return new RemoteOffer(
                    site,
                    true,
                    offer.capableSlots(),
                    Math.min(offer.idleSlots(), offer.capableSlots()),
                    offer.canGrow(),
                    null);
        } catch (SiteException e) {
            if (e.status() != 404) {
                throw e;
            }
            return from(site, client.site(), profile);
        }
    }

    /** The offer a site's resource database ({@code GET /api/site}) makes for a job with {@code profile}. */
    public static RemoteOffer from(String site, SiteInfo info, JobProfile profile) {
        int capable = 0;
        int idle = 0;
        if (info.slots() != null && info.capabilities() != null) {
            for (SlotView slot : info.slots()) {
                RenderSlot candidate = new RenderSlot(
                        slot.id(),
                        slot.host() == null ? "" : slot.host(),
                        info.capabilities(),
                        slot.status() == null ? SlotStatus.OFFLINE : slot.status());
                if (SlotMatcher.match(profile, candidate).capable()) { // an offline slot is not an offer
                    capable++;
                    idle += candidate.status() == SlotStatus.IDLE ? 1 : 0;
                }
            }
        }
        return new RemoteOffer(site, true, capable, idle, false, null);
    }

    /** Whether the site can render the job at all: it has capable slots, or can provision them. */
    public boolean canRender() {
        return capableSlots > 0 || canGrow;
    }

    /**
     * Of two offers, the one a job should rather take: reachable over not, then one that can start it now (an idle
     * slot, or one to provision), then more idle slots, then more capable ones.
     */
    public static RemoteOffer better(RemoteOffer a, RemoteOffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.reachable() != b.reachable()) {
            return a.reachable() ? a : b;
        }
        if (a.startsNow() != b.startsNow()) {
            return a.startsNow() ? a : b;
        }
        if (a.idleSlots() != b.idleSlots()) {
            return a.idleSlots() > b.idleSlots() ? a : b;
        }
        return b.capableSlots() > a.capableSlots() ? b : a;
    }

    private boolean startsNow() {
        return idleSlots > 0 || canGrow;
    }
}
