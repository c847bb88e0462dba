package io.renderfarm.engine.site.api;

/**
 * A site's answer to {@code POST /api/offer}: how soon it could start a job of the profile asked about, counted
 * the way it decides for its own jobs ({@link LocalAvailability}), so a Jenkins controller counts only the agents
 * whose labels and probed hardware fit the profile and says whether a cloud can provision more.
 *
 * @param capableSlots slots that can render the job, busy or not
 * @param idleSlots    of those, the ones free to start it now
 * @param canGrow      more capable slots can be provisioned on demand (a Jenkins cloud)
 */
public record OfferView(int capableSlots, int idleSlots, boolean canGrow) {
    /** The offer a site makes from its own availability for the job. */
    public static OfferView of(LocalAvailability availability) {
        return new OfferView(availability.capableSlots(), availability.idleCapableSlots(), availability.canGrow());
    }
}
