package io.renderfarm.server.site.auth;

import io.renderfarm.engine.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web UI's logins: an opaque random id (256 bits) for each, which the cookie holds instead of the token, valid
 * for {@code lifetime} by the {@link Clock} and only in this process (a restart asks the UI to log in again). Only
 * the ids' SHA-256 is kept, so a lookup's timing says nothing about a valid id. At most {@link #MAX} live at once;
 * the oldest goes first. Thread-safe.
 */
public final class Sessions {
    static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;
    /** SHA-256 of each id, hex, to when it expires; oldest first. */
    private final Map<String, Long> expiry = new LinkedHashMap<>();

    public Sessions(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A new session's id, for the cookie. */
    synchronized String create() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        dropExpired();
        while (expiry.size() >= MAX) {
            Iterator<String> oldest = expiry.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        expiry.put(hash(id), clock.nanoTime() + lifetime.toNanos());
        return id;
    }

    /** Whether {@code id} names a session that has not expired. */
    synchronized boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        String key = hash(id);
        Long until = expiry.get(key);
        if (until == null) {
            return false;
        }
        if (clock.nanoTime() - until >= 0) {
            expiry.remove(key);
            return false;
        }
        return true;
    }

    private void dropExpired() {
        long now = clock.nanoTime();
        expiry.values().removeIf(until -> now - until >= 0);
    }

    private static String hash(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
