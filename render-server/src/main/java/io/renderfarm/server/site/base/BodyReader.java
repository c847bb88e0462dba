package io.renderfarm.server.site.base;

import io.javalin.http.Context;
import io.renderfarm.engine.site.host.JsonBody;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;

/**
 * A request's body read as every host of the protocol reads it ({@link JsonBody}: a counting limit, chunked bodies
 * included, 413 past it, 408 after a deadline by the {@link Clock}), its refusals as the site's.
 */
public final class BodyReader {
    private BodyReader() {}

    /** The whole body, at most {@code limit} bytes. */
    public static byte[] read(Context ctx, long limit) throws IOException {
        return read(ctx, limit, null, 0);
    }

    /** The whole body, at most {@code limit} bytes, all of it arrived by {@code deadline} of {@code clock}. */
    public static byte[] read(Context ctx, long limit, Clock clock, long deadline) throws IOException {
        try {
            return JsonBody.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), limit, clock, deadline);
        } catch (SiteException e) {
            throw ProblemException.of(e);
        }
    }
}
