package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.schedule.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request's body into memory through a counting limit, chunked bodies included: a declared
 * {@code Content-Length} over the limit is refused with 413 before any byte is read, and a body that goes past it
 * is refused as soon as it does, so no body costs the site more memory than its limit. A body read with a deadline
 * (by the {@link Clock}, checked after each read) that arrives too slowly is answered 408.
 */
public final class BodyReader {
    private static final int BUFFER = 8 * 1024;

    private BodyReader() {}

    /** The whole body, at most {@code limit} bytes. */
    public static byte[] read(Context ctx, long limit) throws IOException {
        return read(ctx, limit, null, 0);
    }

    /** The whole body, at most {@code limit} bytes, all of it arrived by {@code deadline} of {@code clock}. */
    public static byte[] read(Context ctx, long limit, Clock clock, long deadline) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), BUFFER));
        byte[] buffer = new byte[BUFFER];
        InputStream in = ctx.req().getInputStream();
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                if (timedOut(e) || clock != null && clock.nanoTime() - deadline > 0) {
                    throw slow();
                }
                throw ProblemException.badRequest("the request body ended early: " + e.getMessage());
            }
            if (n < 0) {
                return bytes.toByteArray();
            }
            if (bytes.size() + (long) n > limit) {
                throw tooLarge(limit);
            }
            bytes.write(buffer, 0, n);
            if (clock != null && clock.nanoTime() - deadline > 0) {
                throw slow();
            }
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(
                413, "Too large", "the request body is too large: this request takes at most " + limit + " bytes");
    }

    private static ProblemException slow() {
        return new ProblemException(408, "Request timeout", "the request body arrived too slowly; send it at once");
    }
}
