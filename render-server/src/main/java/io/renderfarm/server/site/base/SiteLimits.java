package io.renderfarm.server.site.base;

import java.time.Duration;

/**
 * What a site gives its callers at most, so that none of them, least of all one without the token, can exhaust its
 * memory, its request threads or its disk. The request threads are Jetty's pool of 250: event streams and bodies
 * read without the token can hold at most {@code maxEventStreams + maxAnonymousBodies} of them, and the others stay
 * free for API calls.
 *
 * @param maxEventStreams    event streams served at once, each holding a request thread while it lasts; more are
 *                           answered 503 with {@code Retry-After}
 * @param maxAnonymousBodies requests without the token (a login, a completion notice) whose bodies are read at once;
 *                           more are answered 503 with {@code Retry-After}
 * @param anonymousBodyTime  how long such a body may take to arrive in all; slower ones are answered 408
 * @param partialExpiry      how long an unfinished upload is kept without a new byte
 * @param maxPartialBytes    the most bytes unfinished uploads may hold together; at least the largest file
 * @param sessionTime        how long a web UI login lasts
 */
public record SiteLimits(
        int maxEventStreams,
        int maxAnonymousBodies,
        Duration anonymousBodyTime,
        Duration partialExpiry,
        long maxPartialBytes,
        Duration sessionTime) {
    /** The default for {@code serve --max-partial-mb}, in MiB: four files of the default largest size. */
    public static final long DEFAULT_MAX_PARTIAL_MB = 16_384;

    public static final SiteLimits DEFAULT = new SiteLimits(
            100,
            16,
            Duration.ofSeconds(10),
            Duration.ofHours(24),
            DEFAULT_MAX_PARTIAL_MB * 1024 * 1024,
            Duration.ofHours(12));

    public SiteLimits {
        if (maxEventStreams < 1 || maxEventStreams > 200) {
            throw new IllegalArgumentException("--max-event-streams must be 1..200, got " + maxEventStreams);
        }
        if (maxAnonymousBodies < 1 || maxAnonymousBodies > 32) {
            throw new IllegalArgumentException(
                    "at most 1..32 requests without the token may be read at once, got " + maxAnonymousBodies);
        }
        if (maxPartialBytes < 1) {
            throw new IllegalArgumentException("--max-partial-mb must be positive");
        }
        positive(anonymousBodyTime, "the time for a body without the token");
        positive(partialExpiry, "the time an unfinished upload is kept");
        positive(sessionTime, "the time a login lasts");
    }

    public SiteLimits withMaxEventStreams(int max) {
        return new SiteLimits(max, maxAnonymousBodies, anonymousBodyTime, partialExpiry, maxPartialBytes, sessionTime);
    }

    public SiteLimits withMaxPartialBytes(long max) {
        return new SiteLimits(maxEventStreams, maxAnonymousBodies, anonymousBodyTime, partialExpiry, max, sessionTime);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
