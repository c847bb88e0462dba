package io.renderfarm.server.site.auth;

import io.renderfarm.engine.time.Clock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Slows down guessing the token: each client address may present {@link #BURST} wrong tokens at once and one more
 * every {@link #REFILL_SECONDS} s after that (a token bucket, by the {@link Clock}); beyond, every request of that
 * address presenting a token is refused with 429 until the bucket refills, the right token too (otherwise the
 * answer would still tell a right guess from a wrong one). An IPv6 address counts by its /64, which one machine
 * usually holds whole. At most {@link #MAX_ADDRESSES} are remembered, the least recently failing dropped first.
 *
 * <p>Wrong tokens are logged as one line, at most every {@link #LOG_EVERY_SECONDS} s, saying how many were
 * refused since the previous line and where the latest came from (the connection's address, never a header, and
 * never the token). Behind a reverse proxy every client has the proxy's address and so shares one budget.
 * Thread-safe.
 */
public final class LoginThrottle {
    public static final int BURST = 10;
    public static final long REFILL_SECONDS = 6;
    static final long LOG_EVERY_SECONDS = 60;
    static final int MAX_ADDRESSES = 10_000;
    private static final long REFILL_NANOS = REFILL_SECONDS * 1_000_000_000L;
    private final Clock clock;
    private final Consumer<String> log;
    /** Per address: the time at which its bucket would be full again (now or earlier: full). */
    private final Map<String, Long> fullAt = new LinkedHashMap<>(16, 0.75f, true);

    private long lastLogAt;
    private boolean loggedOnce;
    private int refusedSinceLog;

    /** Logs to the site's log, as a warning. */
    public LoginThrottle(Clock clock) {
        this(clock, LoggerFactory.getLogger(LoginThrottle.class)::warn);
    }

    public LoginThrottle(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    /** Seconds until {@code address} may present a token again; 0 when it may now. */
    synchronized long waitSeconds(String address) {
        Long full = fullAt.get(key(address));
        if (full == null) {
            return 0;
        }
        long now = clock.nanoTime();
        // The bucket holds BURST - (full - now) / REFILL tokens; one is needed to try.
        long emptyFor = full - now - (BURST - 1) * REFILL_NANOS;
        return emptyFor <= 0 ? 0 : (emptyFor + 999_999_999L) / 1_000_000_000L;
    }

    /** Records a wrong token presented by {@code address} on {@code method path}, and logs it as said above. */
    synchronized void failed(String address, String method, String path) {
        long now = clock.nanoTime();
        String key = key(address);
        Long full = fullAt.get(key);
        fullAt.put(key, Math.max(full == null ? now : full, now) + REFILL_NANOS);
        if (fullAt.size() > MAX_ADDRESSES) {
            fullAt.remove(fullAt.keySet().iterator().next());
        }
        refusedSinceLog++;
        if (!loggedOnce || now - lastLogAt >= LOG_EVERY_SECONDS * 1_000_000_000L) {
            long wait = waitSeconds(address);
            log.accept("refused " + refusedSinceLog + " wrong token(s) since the last such line; the latest from "
                    + printable(address) + " on " + printable(method) + " " + printable(path)
                    + (wait > 0 ? "; that address must wait " + wait + " s" : ""));
            loggedOnce = true;
            lastLogAt = now;
            refusedSinceLog = 0;
        }
    }

    private static String key(String address) {
        if (address != null && address.indexOf(':') >= 0) {
            try {
                byte[] bytes = InetAddress.getByName(address.replace("[", "").replace("]", ""))
                        .getAddress();
                if (bytes.length == 16) {
                    return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
            } catch (UnknownHostException | SecurityException notALiteral) {
                // counted by its text
            }
        }
        return String.valueOf(address);
    }

    /** At most 100 printable ASCII characters, so a line in the log stays one line of what was sent. */
    static String printable(String s) {
        if (s == null) {
            return "?";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 100; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
