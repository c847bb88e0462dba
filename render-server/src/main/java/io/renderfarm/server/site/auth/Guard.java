package io.renderfarm.server.site.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.base.SiteLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Runs before every request. Sets the security headers (no inline script, no framing, no sniffing). A site
 * without a token answers only requests addressed to a loopback name, so a web page cannot reach it through DNS
 * rebinding. With a token every {@code /api/} call but the login must carry it as a bearer header, compared in
 * constant time, or the UI's session cookie ({@link Sessions}: an opaque id, never the token); a remote site's
 * completion notice is the one exception, as it carries its own signature instead (checked by
 * {@code CallbackRoutes}). So a caller without the token is refused before any body it sends is read. Wrong tokens
 * are throttled and logged per client address ({@link LoginThrottle}). POSTs must be JSON, which a cross-site form
 * cannot send.
 */
public final class Guard {
    /** The completion-notice route, which authenticates by its signature instead of the token. */
    public static final Pattern CALLBACK_PATH = Pattern.compile("/api/jobs/[a-z0-9][a-z0-9-]{0,63}/callback");

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private final byte[] tokenHash;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    /** A guard with the default session lifetime, on the system clock. */
    public Guard(String token) {
        this(token, new Sessions(SiteLimits.DEFAULT.sessionTime(), Clock.SYSTEM), new LoginThrottle(Clock.SYSTEM));
    }

    public Guard(String token, Sessions sessions, LoginThrottle throttle) {
        this.tokenHash = token == null ? null : sha256(token);
        this.sessions = sessions;
        this.throttle = throttle;
    }

    public boolean hasToken() {
        return tokenHash != null;
    }

    public void check(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        if (tokenHash == null && !loopbackHost(ctx.header("Host"))) {
            throw new ProblemException(
                    403,
                    "Forbidden",
                    "this site has no token, so it answers only requests to" + " localhost, 127.0.0.1 or [::1]");
        }
        String path = ctx.path();
        if (!path.startsWith(SiteProtocol.API + "/")) {
            return;
        }
        if (ctx.method() == HandlerType.POST && !isJson(ctx.contentType())) {
            throw new ProblemException(415, "Unsupported media type", "POST bodies must be sent as application/json");
        }
        boolean signedInstead =
                ctx.method() == HandlerType.POST && CALLBACK_PATH.matcher(path).matches();
        if (tokenHash == null || path.equals("/api/session") || signedInstead) {
            return;
        }
        String bearer = bearer(ctx);
        if (bearer != null) {
            checkToken(ctx, bearer);
            return;
        }
        if (!sessions.valid(ctx.cookie(SiteProtocol.SESSION_COOKIE))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"renderfarm\"");
            throw new ProblemException(
                    401, "Unauthorized", "this site needs its token: send 'Authorization: Bearer <token>'");
        }
    }

    /**
     * Lets {@code presented} through when it is the token; otherwise counts it against the caller's address and
     * refuses with 401, or with 429 while that address must wait (without comparing, the right token included).
     */
    void checkToken(Context ctx, String presented) {
        checkToken(ctx, presented, "this site needs its token: send 'Authorization: Bearer <token>'");
    }

    private void checkToken(Context ctx, String presented, String refusal) {
        checkNotThrottled(ctx);
        if (!matches(presented)) {
            throttle.failed(ctx.req().getRemoteAddr(), ctx.method().name(), ctx.path());
            ctx.header("WWW-Authenticate", "Bearer realm=\"renderfarm\"");
            throw new ProblemException(401, "Unauthorized", refusal);
        }
    }

    /** Refuses with 429, before anything is read, a caller that must wait before presenting a token again. */
    public void checkNotThrottled(Context ctx) {
        String address = ctx.req().getRemoteAddr();
        long wait = throttle.waitSeconds(address);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ProblemException(
                    429,
                    "Too many requests",
                    "too many wrong tokens from " + address + "; try again in " + wait + " s");
        }
    }

    /** Logs in with the token: a new session's id for the cookie, or 401/429 as {@link #checkToken} says. */
    public String login(Context ctx, String presented) {
        checkToken(ctx, presented, "that is not this site's token");
        return sessions.create();
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Compares a presented token with the site's in constant time (hashes first, so lengths do not leak). */
    boolean matches(String presented) {
        return tokenHash == null || (presented != null && MessageDigest.isEqual(tokenHash, sha256(presented)));
    }

    /** The bearer token presented; null when there is none (any other scheme counts as none). */
    private static String bearer(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    static boolean loopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return true; // HTTP/1.0 without Host: not a browser, so not a rebinding attack
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host.startsWith("[::1]");
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
