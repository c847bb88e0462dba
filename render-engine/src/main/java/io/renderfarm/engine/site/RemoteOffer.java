package io.renderfarm.engine.site;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;

/**
 * What a remote site said about itself when asked before a decision: reachable or not (and why), and how many
 * of its slots could render the job and are idle.
 *
 * @param site         the remote site's URL
 * @param reachable    whether it answered
 * @param capableSlots its slots that can render the job's profile
 * @param idleSlots    of those, the idle ones
 * @param problem      why it is unreachable, for the decision's reason; null when reachable
 */
public record RemoteOffer(String site, boolean reachable, int capableSlots, int idleSlots, String problem) {
    public static RemoteOffer unreachable(String site, String problem) {
        return new RemoteOffer(site, false, 0, 0, problem);
    }

    /** The offer a site's resource database ({@code GET /api/site}) makes for a job with {@code profile}. */
    public static RemoteOffer from(String site, SiteInfo info, JobProfile profile) {
        int capable = 0;
        int idle = 0;
        if (info.slots() != null && info.capabilities() != null) {
            for (SlotView slot : info.slots()) {
                RenderSlot candidate = new RenderSlot(slot.id(), slot.host() == null ? "" : slot.host(),
                        info.capabilities(), slot.status() == null ? SlotStatus.OFFLINE : slot.status());
                if (SlotMatcher.match(profile, candidate).capable()) { // an offline slot is not an offer
                    capable++;
                    idle += candidate.status() == SlotStatus.IDLE ? 1 : 0;
                }
            }
        }
        return new RemoteOffer(site, true, capable, idle, null);
    }

    /** Of two offers, the one a job should rather take: reachable over not, then more idle, then more capable. */
    public static RemoteOffer better(RemoteOffer a, RemoteOffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.reachable() != b.reachable()) {
            return a.reachable() ? a : b;
        }
        if (a.idleSlots() != b.idleSlots()) {
            return a.idleSlots() > b.idleSlots() ? a : b;
        }
        return b.capableSlots() > a.capableSlots() ? b : a;
    }
}
