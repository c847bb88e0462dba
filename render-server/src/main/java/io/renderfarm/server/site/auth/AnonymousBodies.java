package io.renderfarm.server.site.auth;

import io.javalin.http.Context;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.BodyReader;
import io.renderfarm.server.site.base.ProblemException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Reads the bodies of the requests a caller may send without the site's token (the web UI's login and a remote
 * site's completion notice), so that such callers can hold neither the site's memory nor its request threads: each
 * body is small (its caller's limit), at most {@code permits} are read at once (more are answered 503 with
 * {@code Retry-After}), and each must arrive within {@code allowance} (by the {@link Clock}, and the connection's
 * idle timeout is lowered to it while the body is read, so a silent caller is cut off too). Thread-safe.
 */
public final class AnonymousBodies {
    static final String RETRY_AFTER_SECONDS = "5";
    private final Semaphore permits;
    private final Duration allowance;
    private final Clock clock;

    public AnonymousBodies(int permits, Duration allowance, Clock clock) {
        this.permits = new Semaphore(permits);
        this.allowance = allowance;
        this.clock = clock;
    }

    /** The request's body, at most {@code limit} bytes; refused with 413, 408 or 503 as above. */
    public byte[] read(Context ctx, int limit) throws IOException {
        if (!permits.tryAcquire()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ProblemException(
                    503,
                    "Busy",
                    "the site is reading as many requests without its token as it"
                            + " takes at once; retry in a few seconds");
        }
        HttpChannel channel = channel(ctx);
        long idle = channel == null ? 0 : channel.getIdleTimeout();
        try {
            if (channel != null) {
                channel.setIdleTimeout(allowance.toMillis());
            }
            return BodyReader.read(ctx, limit, clock, clock.nanoTime() + allowance.toNanos());
        } finally {
            if (channel != null) {
                channel.setIdleTimeout(idle);
            }
            permits.release();
        }
    }

    private static HttpChannel channel(Context ctx) {
        Request request = Request.getBaseRequest(ctx.req());
        return request == null ? null : request.getHttpChannel();
    }
}
