package io.renderfarm.engine.site.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.site.protocol.SiteException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackPeersTest {
    private static final CallbackPeers PEERS = CallbackPeers.of(List.of(
            "https://render.example.com/jenkins/render-site",
            "http://127.0.0.1:8765",
            "HTTP://Render2.Example.com:8766/"));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://render.example.com/jenkins/render-callback/0123456789abcdef",
                "https://render.example.com:443/other/path",
                "http://127.0.0.1:8765/api/jobs/j1/callback",
                "http://render2.example.com:8766/api/jobs/j1/callback"
            })
    void shouldAllowAPeersOriginWhateverThePath(String url) throws Exception {
        assertThat(PEERS.allows(url)).isTrue();
        assertThat(PEERS.check(url)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://render.example.com/jenkins/render-callback/x",
                "https://render.example.com:8443/x",
                "http://127.0.0.1:8766/api/jobs/j1/callback",
                "http://localhost:8765/api/jobs/j1/callback",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8765/x",
                "https://user@render.example.com/jenkins/render-callback/x",
                "file:///etc/passwd",
                "render.example.com/x"
            })
    void shouldRefuseEveryOtherOriginLoopbackAndLinkLocalIncluded(String url) {
        assertThat(PEERS.allows(url)).isFalse();
        assertThatThrownBy(() -> PEERS.check(url)).isInstanceOfSatisfying(SiteException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().detail()).startsWith("'callbackUrl' ");
        });
    }

    @Test
    void shouldAcceptNoCallbackAtAll() throws Exception {
        assertThat(CallbackPeers.NONE.check(null)).isNull();
        assertThat(CallbackPeers.NONE.check(" ")).isNull();
    }

    @Test
    void shouldRefuseAPeerThatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> CallbackPeers.of(List.of("render2:8765")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("render2:8765");
    }

    @Test
    void shouldJoinPeersAndListTheirOrigins() {
        CallbackPeers joined = CallbackPeers.of(List.of("http://a:1")).and(CallbackPeers.of(List.of("https://b/x")));

        assertThat(joined.origins()).containsExactly("http://a:1", "https://b:443");
    }
}
