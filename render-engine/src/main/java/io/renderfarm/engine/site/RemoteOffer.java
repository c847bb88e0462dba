package io.renderfarm.engine.site;

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
}
