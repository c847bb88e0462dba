package io.renderfarm.engine.site.callback;

import io.renderfarm.engine.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the nonces of accepted completion notices until they expire, so {@link CallbackSignature#verify}
 * can refuse a replay. A site that must refuse replays across its own restarts keeps them in its database; the
 * {@link #inMemory() in-memory} store suits hosts where a restart opens no window worth closing.
 */
@FunctionalInterface
public interface NonceStore {
    /**
     * Remembers {@code nonce} until {@code expiresAt}.
     *
     * @return false when it is already remembered (the request is a replay)
     */
    boolean remember(String nonce, Instant expiresAt);

    /**
     * A thread-safe store in memory: a nonce is refused until its expiry by {@code clock}, and taken again after
     * it, as the site's database store does. Expired nonces are dropped as it goes, so it stays small.
     */
    static NonceStore inMemory(Clock clock) {
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        return (nonce, expiresAt) -> {
            Instant now = clock.instant();
            if (seen.size() > 1024) {
                for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
                    if (it.next().isBefore(now)) {
                        it.remove();
                    }
                }
            }
            boolean[] fresh = {false};
            seen.compute(nonce, (n, until) -> {
                fresh[0] = until == null || until.isBefore(now);
                return fresh[0] ? expiresAt : until;
            });
            return fresh[0];
        };
    }
}
