package io.renderfarm.engine.site.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory nonce store on a clock the test moves: a nonce is refused until it expires, not for ever. */
class NonceStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private final ManualClock clock = new ManualClock(NOW);
    private final NonceStore nonces = NonceStore.inMemory(clock);

    @Test
    void shouldRefuseANonceUntilItExpiresByTheClockAndTakeItAgainAfter() {
        Instant expiry = NOW.plus(CallbackSignature.WINDOW);

        assertThat(nonces.remember("n-1", expiry)).isTrue();
        clock.advance(CallbackSignature.WINDOW);
        assertThat(nonces.remember("n-1", expiry))
                .as("a replay on the last instant")
                .isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(nonces.remember("n-1", clock.instant().plus(CallbackSignature.WINDOW)))
                .as("expired by the clock")
                .isTrue();
        assertThat(nonces.remember("n-1", expiry)).as("remembered again").isFalse();
    }

    @Test
    void shouldDropExpiredNoncesOnceItHoldsManyAndKeepTheLiveOnes() {
        for (int i = 0; i < 1100; i++) {
            assertThat(nonces.remember("old-" + i, NOW.plusSeconds(60))).isTrue();
        }
        assertThat(nonces.remember("live", NOW.plusSeconds(600))).isTrue();
        clock.advance(Duration.ofSeconds(61));

        assertThat(nonces.remember("trigger", NOW.plusSeconds(600))).isTrue();
        assertThat(nonces.remember("live", NOW.plusSeconds(600))).isFalse();
        assertThat(nonces.remember("old-7", NOW.plusSeconds(600))).isTrue();
    }
}
