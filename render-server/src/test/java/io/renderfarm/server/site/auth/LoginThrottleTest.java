package io.renderfarm.server.site.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket per client address, and its log: one sanitised line a minute however fast the guesses come. */
class LoginThrottleTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> log = new ArrayList<>();
    private final LoginThrottle throttle = new LoginThrottle(clock, log::add);

    @Test
    void shouldAllowABurstOfWrongTokensThenOneEveryFewSeconds() {
        for (int i = 0; i < LoginThrottle.BURST; i++) {
            assertThat(throttle.waitSeconds("192.0.2.1")).isZero();
            throttle.failed("192.0.2.1", "POST", "/api/session");
        }

        assertThat(throttle.waitSeconds("192.0.2.1")).isEqualTo(LoginThrottle.REFILL_SECONDS);
        assertThat(throttle.waitSeconds("192.0.2.2")).as("another address").isZero();
        clock.advance(Duration.ofSeconds(LoginThrottle.REFILL_SECONDS - 1));
        assertThat(throttle.waitSeconds("192.0.2.1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.waitSeconds("192.0.2.1")).isZero();
        throttle.failed("192.0.2.1", "POST", "/api/session");
        assertThat(throttle.waitSeconds("192.0.2.1")).isEqualTo(LoginThrottle.REFILL_SECONDS);
        clock.advance(Duration.ofSeconds(LoginThrottle.BURST * LoginThrottle.REFILL_SECONDS));
        assertThat(throttle.waitSeconds("192.0.2.1")).isZero();
    }

    @Test
    void shouldCountAnIpv6AddressByItsSlash64() {
        for (int i = 0; i < LoginThrottle.BURST; i++) {
            throttle.failed("2001:db8:1:2::" + Integer.toHexString(i + 1), "GET", "/api/site");
        }

        assertThat(throttle.waitSeconds("2001:db8:1:2:ffff::9")).isPositive();
        assertThat(throttle.waitSeconds("[2001:db8:1:2::77]")).isPositive();
        assertThat(throttle.waitSeconds("2001:db8:1:3::1")).isZero();
    }

    @Test
    void shouldLogOneSanitisedLineAMinuteSayingHowManyWereRefused() {
        for (int i = 0; i < 1400; i++) {
            throttle.failed("198.51.100." + (i % 200), "GET", "/api/jobs\n2025-01-01 forged log line\u001b[31m");
        }
        clock.advance(Duration.ofSeconds(LoginThrottle.LOG_EVERY_SECONDS));
        throttle.failed("198.51.100.9", "POST", "/api/session");

        assertThat(log).hasSize(2);
        assertThat(log.get(0))
                .startsWith("refused 1 wrong token(s)")
                .contains("from 198.51.100.0 on GET /api/jobs?2025")
                .doesNotContain("\n", "\u001b");
        assertThat(log.get(1))
                .startsWith("refused 1400 wrong token(s) since the last such line")
                .contains("the latest from 198.51.100.9 on POST /api/session");
    }
}
