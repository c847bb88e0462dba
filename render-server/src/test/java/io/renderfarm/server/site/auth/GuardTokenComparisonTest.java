package io.renderfarm.server.site.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The site's token comparison ({@link Guard#matches}): only the exact token passes. It compares SHA-256 digests of
 * both with {@link java.security.MessageDigest#isEqual}, which takes the same time wherever the first difference
 * is, and hashing first makes the time independent of the presented token's length too.
 */
class GuardTokenComparisonTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private final Guard guard = new Guard(TOKEN);

    @Test
    void shouldAcceptExactlyTheToken() {
        assertThat(guard.hasToken()).isTrue();
        assertThat(guard.matches(TOKEN)).isTrue();
        assertThat(guard.matches(new String(TOKEN.toCharArray()))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "s3cret-token-012345678",
                "s3cret-token-01234567890",
                "S3CRET-TOKEN-0123456789",
                "s3cret-token-0123456789 ",
                " s3cret-token-0123456789",
                "x3cret-token-0123456789",
                "s3cret-token-012345678X",
                "s3cret-token-0123456789\u0000",
                "s3cret\u2010token-0123456789"
            })
    void shouldRefuseEveryNearMiss(String presented) {
        assertThat(guard.matches(presented)).isFalse();
    }

    @Test
    void shouldRefuseNoTokenAtAll() {
        assertThat(guard.matches(null)).isFalse();
    }

    @Test
    void shouldLetEverythingThroughOnASiteWithoutAToken() {
        Guard open = new Guard(null);

        assertThat(open.hasToken()).isFalse();
        assertThat(open.matches(null)).isTrue();
    }
}
