package io.renderfarm.engine.site.delegation;

import java.time.Duration;

/**
 * How whoever follows a job on another site ({@link RemoteDelegation}, {@link SiteJobFollower}) retries what
 * failed: a lost event stream, a cancel the site did not take. The first retry waits {@code initialDelay}, each
 * further one twice as long as the last, never longer than {@code maxDelay}; any answer from the site starts the
 * count again. A site that gives no answer for {@code giveUpAfter} is given up on. Measured with the follower's
 * {@link io.renderfarm.engine.time.Clock}.
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, Duration giveUpAfter) {
    /** A restart of a site takes seconds; a site gone for three minutes is not coming back soon. */
    public static final ReconnectPolicy DEFAULTS =
            new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(3));

    public ReconnectPolicy {
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("the first reconnect delay must be positive, got " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "the longest reconnect delay (" + maxDelay + ") must be at least the first (" + initialDelay + ")");
        }
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("the give-up time must be positive, got " + giveUpAfter);
        }
    }

    /** This policy with another give-up time. */
    public ReconnectPolicy withGiveUpAfter(Duration giveUpAfter) {
        return new ReconnectPolicy(initialDelay, maxDelay, giveUpAfter);
    }

    /** The wait after {@code failures} failures in a row (1 or more): doubling from the first delay, capped. */
    public Duration delayAfter(int failures) {
        Duration delay = initialDelay;
        for (int i = 1; i < failures && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** The retry state of one thing retried (a stream, a request) under a policy; owned by one thread. */
    static final class Backoff {
        private final ReconnectPolicy policy;
        private int failures;
        private long nextTry = Long.MIN_VALUE;

        Backoff(ReconnectPolicy policy) {
            this.policy = policy;
        }

        /** Whether it may be tried at {@code now} (monotonic nanoseconds). */
        boolean due(long now) {
            return nextTry == Long.MIN_VALUE || now - nextTry >= 0;
        }

        /** It failed at {@code now}: the next try waits longer than the last. */
        void failed(long now) {
            failures++;
            nextTry = now + policy.delayAfter(failures).toNanos();
        }

        /** It worked, or ended normally at {@code now}: the next try (if any) waits the first delay again. */
        void succeeded(long now) {
            failures = 0;
            nextTry = now + policy.initialDelay().toNanos();
        }
    }
}
