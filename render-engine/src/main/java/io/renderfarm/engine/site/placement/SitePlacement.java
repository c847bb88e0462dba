package io.renderfarm.engine.site.placement;

import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.LocalAvailability;
import io.renderfarm.engine.site.api.Where;
import java.time.Duration;
import java.util.Locale;

/**
 * Decides where a job renders, with a reason a person can read. A pure function of what the job asked, this
 * site's availability and the remote site's offer; the same rule serves the standalone site and Jenkins.
 *
 * <ul>
 *   <li>{@code local} and {@code remote} are obeyed; {@code remote} with no usable remote site is refused with a
 *       {@link PlacementException} naming why.</li>
 *   <li>{@code auto} stays local while a capable slot is idle (or can be provisioned) or the estimated wait is within
 *       the profile's threshold; it goes remote when the wait is longer (or nothing here can render the job) and
 *       the remote site answered with capable slots. An unreachable remote site keeps the job local with a note.</li>
 * </ul>
 * HTCondor's flocking is the model: jobs go elsewhere only when the home pool cannot run them soon.
 */
public final class SitePlacement {
    private SitePlacement() {}

    /**
     * @param remote the remote site's offer, or null when none is configured
     * @throws PlacementException for {@code remote} without a usable remote site
     */
    public static Decision decide(Where asked, LocalAvailability local, RemoteOffer remote, Duration threshold) {
        switch (asked) {
            case LOCAL:
                return new Decision(Where.LOCAL, "where=local was asked", null);
            case REMOTE:
                return remoteAsked(remote);
            default:
                return auto(local, remote, threshold);
        }
    }

    /**
     * Whether {@link #decide} would look at a remote offer for this job: always for {@code remote}, for
     * {@code auto} only when this site cannot start the job soon. A host asks its remote sites (a network round
     * trip, perhaps a timeout) only then.
     */
    public static boolean needsRemoteOffer(Where asked, LocalAvailability local, Duration threshold) {
        return switch (asked) {
            case LOCAL -> false;
            case REMOTE -> true;
            case AUTO ->
                !(local.idleCapableSlots() > 0
                        || local.canGrow()
                        || local.capableSlots() > 0 && local.estimatedWaitSeconds() <= threshold.toSeconds());
        };
    }

    private static Decision remoteAsked(RemoteOffer remote) {
        if (remote == null) {
            throw new PlacementException("where=remote was asked but no remote site is configured");
        }
        if (!remote.reachable()) {
            throw new PlacementException(
                    "where=remote was asked but remote site " + remote.site() + " is unreachable: " + remote.problem());
        }
        if (!remote.canRender()) {
            throw new PlacementException("where=remote was asked but remote site " + remote.site()
                    + " has no slot that can render this job");
        }
        return new Decision(Where.REMOTE, "where=remote was asked", remote.site());
    }

    private static Decision auto(LocalAvailability local, RemoteOffer remote, Duration threshold) {
        double wait = local.estimatedWaitSeconds();
        if (local.idleCapableSlots() > 0) {
            return local(local.idleCapableSlots() + " local slot(s) idle");
        }
        if (local.canGrow()) {
            // A Jenkins cloud starts agents for the job's queued chunks, which then render like any others.
            return local(
                    local.capableSlots() > 0
                            ? "local slots busy but more can be provisioned"
                            : "no local slot yet, but a cloud can provision them");
        }
        String busy = local.capableSlots() == 0
                ? "no local slot can render this job"
                : String.format(
                        Locale.ROOT,
                        "local slots busy: estimated wait %s > threshold %s",
                        seconds(wait),
                        seconds(threshold.toSeconds()));
        if (local.capableSlots() > 0 && wait <= threshold.toSeconds()) {
            return local(String.format(
                    Locale.ROOT,
                    "local slots busy: estimated wait %s is within threshold %s",
                    seconds(wait),
                    seconds(threshold.toSeconds())));
        }
        if (remote == null) {
            return local(busy + ", but no remote site is configured");
        }
        if (!remote.reachable()) {
            return local(busy + ", but remote site " + remote.site() + " is unreachable (" + remote.problem()
                    + "); staying local");
        }
        if (!remote.canRender()) {
            return local(busy + ", but remote site " + remote.site() + " has no slot that can render it");
        }
        return new Decision(
                Where.REMOTE,
                busy + "; remote site has " + remote.idleSlots() + " idle of " + remote.capableSlots()
                        + " capable slot(s)" + (remote.canGrow() ? " and can provision more" : ""),
                remote.site());
    }

    private static Decision local(String reason) {
        return new Decision(Where.LOCAL, reason, null);
    }

    private static String seconds(double s) {
        return Double.isInfinite(s) ? "unbounded" : String.format(Locale.ROOT, "%.0f s", s);
    }
}
