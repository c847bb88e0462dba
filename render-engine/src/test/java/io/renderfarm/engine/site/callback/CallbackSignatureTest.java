package io.renderfarm.engine.site.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {
    private static final String SECRET = CallbackSignature.newSecret();
    private static final String KEY = CallbackSignature.jobKey(SECRET, "job-1");
    private static final String PATH = "/api/jobs/job-1/callback";
    private static final byte[] BODY = "{\"job\":\"r-9\",\"state\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private final CallbackSignature signature = new CallbackSignature(KEY);
    private final NonceStore nonces = NonceStore.inMemory(new ManualClock(NOW));

    @Test
    void shouldAcceptWhatItSigned() {
        CallbackSignature.Headers h = signature.sign("POST", PATH, BODY, NOW);

        assertThatCode(() -> signature.verify("POST", PATH, BODY, h, NOW.plusSeconds(2), nonces))
                .doesNotThrowAnyException();
        assertThat(h.signature()).startsWith("v1=").hasSize(3 + 64);
        assertThat(h.toString()).doesNotContain(h.signature().substring(3));
    }

    @Test
    void shouldRefuseAReplayOfTheSameNotice() {
        CallbackSignature.Headers h = signature.sign("POST", PATH, BODY, NOW);
        signature.verify("POST", PATH, BODY, h, NOW, nonces);

        assertThatThrownBy(() -> signature.verify("POST", PATH, BODY, h, NOW, nonces))
                .isInstanceOf(CallbackRejected.class)
                .hasMessageContaining("replay");
    }

    @Test
    void shouldRefuseAChangedBodyPathOrMethod() {
        CallbackSignature.Headers h = signature.sign("POST", PATH, BODY, NOW);

        assertThatThrownBy(() -> signature.verify("POST", PATH, "{}".getBytes(StandardCharsets.UTF_8), h, NOW, nonces))
                .hasMessageContaining("signature does not match");
        assertThatThrownBy(() -> signature.verify("POST", "/api/jobs/job-2/callback", BODY, h, NOW, nonces))
                .hasMessageContaining("signature does not match");
        assertThatThrownBy(() -> signature.verify("PUT", PATH, BODY, h, NOW, nonces))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void shouldRefuseAnotherJobsKeyAndAForgedSignature() {
        CallbackSignature.Headers other =
                new CallbackSignature(CallbackSignature.jobKey(SECRET, "job-2")).sign("POST", PATH, BODY, NOW);
        CallbackSignature.Headers h = signature.sign("POST", PATH, BODY, NOW);
        CallbackSignature.Headers garbage = new CallbackSignature.Headers(h.timestamp(), h.nonce(), "v1=zz");

        assertThatThrownBy(() -> signature.verify("POST", PATH, BODY, other, NOW, nonces))
                .isInstanceOf(CallbackRejected.class);
        assertThatThrownBy(() -> signature.verify("POST", PATH, BODY, garbage, NOW, nonces))
                .isInstanceOf(CallbackRejected.class);
    }

    @Test
    void shouldRefuseTimestampsOutsideTheWindowEitherWay() {
        CallbackSignature.Headers h = signature.sign("POST", PATH, BODY, NOW);
        Duration beyond = CallbackSignature.WINDOW.plusSeconds(1);

        assertThatThrownBy(() -> signature.verify("POST", PATH, BODY, h, NOW.plus(beyond), nonces))
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> signature.verify("POST", PATH, BODY, h, NOW.minus(beyond), nonces))
                .hasMessageContaining("timestamp");
    }

    @Test
    void shouldRefuseAnUnsignedNoticeAndNotRememberTheNonceOfABadOne() {
        CallbackSignature.Headers h = signature.sign("POST", PATH, BODY, NOW);
        CallbackSignature.Headers forged =
                new CallbackSignature.Headers(h.timestamp(), h.nonce(), "v1=" + "0".repeat(64));

        assertThatThrownBy(() -> signature.verify(
                        "POST", PATH, BODY, new CallbackSignature.Headers(null, null, null), NOW, nonces))
                .hasMessageContaining("not signed");
        assertThatThrownBy(() -> signature.verify("POST", PATH, BODY, forged, NOW, nonces))
                .isInstanceOf(CallbackRejected.class);
        assertThatCode(() -> signature.verify("POST", PATH, BODY, h, NOW, nonces))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldDeriveADifferentKeyPerJobAndSecret() {
        assertThat(CallbackSignature.jobKey(SECRET, "job-1"))
                .isEqualTo(KEY)
                .hasSize(64)
                .isNotEqualTo(SECRET);
        assertThat(CallbackSignature.jobKey(SECRET, "job-2")).isNotEqualTo(KEY);
        assertThat(CallbackSignature.jobKey(CallbackSignature.newSecret(), "job-1"))
                .isNotEqualTo(KEY);
        assertThatThrownBy(() -> new CallbackSignature("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
