package io.renderfarm.engine.site.api;

/**
 * How soon this site (or Jenkins controller) could start a new job: the slots that can render it, how many of
 * them are idle, how much work is queued ahead of it, and whether more slots can appear (a Jenkins cloud).
 *
 * @param capableSlots     slots whose machine can render the job's profile, busy or not
 * @param idleCapableSlots of those, the ones idle now
 * @param framesAhead      frames of other jobs waiting for those slots
 * @param secondsPerFrame  recent seconds per frame on those slots; NaN when unknown
 * @param canGrow          more capable slots can be provisioned on demand (a Jenkins cloud)
 */
public record LocalAvailability(
        int capableSlots, int idleCapableSlots, int framesAhead, double secondsPerFrame, boolean canGrow) {
    /** Assumed per-frame cost while nothing has been measured: a modest production frame. */
    public static final double DEFAULT_SECONDS_PER_FRAME = 30;

    public LocalAvailability {
        if (capableSlots < 0 || idleCapableSlots < 0 || framesAhead < 0 || idleCapableSlots > capableSlots) {
            throw new IllegalArgumentException("inconsistent availability: " + capableSlots + " capable, "
                    + idleCapableSlots + " idle, " + framesAhead + " frames ahead");
        }
    }

    /** Seconds until a capable slot is expected to be free: 0 with an idle one, infinite with none at all. */
    public double estimatedWaitSeconds() {
        if (idleCapableSlots > 0 || canGrow) {
            return 0;
        }
        if (capableSlots == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double perFrame = Double.isNaN(secondsPerFrame) ? DEFAULT_SECONDS_PER_FRAME : secondsPerFrame;
        return framesAhead * perFrame / capableSlots;
    }
}
