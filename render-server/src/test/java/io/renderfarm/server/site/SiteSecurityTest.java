package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.server.site.auth.LoginThrottle;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding, tokens, logins (opaque sessions, throttled guesses), DNS-rebinding and cross-site protections. */
class SiteSecurityTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() {
        assertThatThrownBy(() -> SiteConfig.builder()
                        .name("s")
                        .bind("0.0.0.0")
                        .dataDir(dir)
                        .maxFileBytes(1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a token");
    }

    @Test
    void shouldRefuseShortTokens() {
        assertThatThrownBy(() -> SiteConfig.builder()
                        .name("s")
                        .dataDir(dir)
                        .token("short")
                        .maxFileBytes(1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16");
    }

    @Test
    void shouldAnswerApiCallsOnlyWithTheToken() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir, TOKEN, 1000)) {
            HttpResponse<String> none = site.get("/api/site");
            HttpResponse<String> wrong = site.send(site.request("/api/site")
                    .header("Authorization", "Bearer nope")
                    .GET()
                    .build());
            HttpResponse<String> right = site.send(site.request("/api/site")
                    .header("Authorization", "Bearer " + TOKEN)
                    .GET()
                    .build());
            HttpResponse<String> page = site.get("/job.html");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(page.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldTradeTheTokenForAnHttpOnlyCookieForTheWebUi() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir, TOKEN, 1000)) {
            HttpResponse<String> bad = site.postJson("/api/session", "{\"token\":\"wrong-token-0123456789\"}");
            HttpResponse<String> login = site.postJson("/api/session", "{\"token\":\"" + TOKEN + "\"}");
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            HttpResponse<String> withCookie = site.send(site.request("/api/jobs")
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                    .GET()
                    .build());

            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(login.statusCode()).isEqualTo(204);
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(withCookie.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseForeignHostNamesWhenItHasNoToken() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            // java.net.http sets Host itself; a restricted header needs the system property, so use a raw socket.
            try (java.net.Socket socket =
                    new java.net.Socket(site.uri().getHost(), site.uri().getPort())) {
                socket.getOutputStream()
                        .write("GET /api/site HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer =
                        new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

                assertThat(answer).startsWith("HTTP/1.1 403").contains("localhost");
            }
            assertThat(site.get("/api/site").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServePagesWithAPolicyThatForbidsInlineScript() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            HttpResponse<String> page = site.get("/");

            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(
                            csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|onclick=");
        }
    }

    @Test
    void shouldRefuseASecondSiteOnTheSameDataFolder() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            assertThatThrownBy(() -> InProcessSite.start(dir)).hasMessageContaining("already serving");
        }
    }

    private static HttpResponse<String> login(InProcessSite site, String token, String... headers) throws Exception {
        HttpRequest.Builder request = site.request("/api/session")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return site.send(request.build());
    }

    private static HttpResponse<String> withCookie(InProcessSite site, String cookie) throws Exception {
        return site.send(
                site.request("/api/jobs").header("Cookie", cookie).GET().build());
    }

    private static String cookieOf(HttpResponse<String> login) {
        String header = login.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void shouldHoldAnOpaqueSessionInTheCookieNeverTheToken() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir, TOKEN, 1000)) {
            HttpResponse<String> login = login(site, TOKEN);
            String header = login.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = cookieOf(login);

            assertThat(header)
                    .doesNotContain(TOKEN)
                    .startsWith("renderfarm_session=")
                    .contains("Max-Age=43200")
                    .contains("HttpOnly")
                    .contains("SameSite=Strict");
            assertThat(cookie.substring(cookie.indexOf('=') + 1)).hasSizeGreaterThanOrEqualTo(43);
            assertThat(withCookie(site, cookie).statusCode()).isEqualTo(200);
            assertThat(cookieOf(login(site, TOKEN))).as("each login its own id").isNotEqualTo(cookie);
            assertThat(withCookie(site, "renderfarm_token=" + TOKEN).statusCode())
                    .isEqualTo(401);
            assertThat(withCookie(site, "renderfarm_session=" + TOKEN).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void shouldEndASessionAfterItsTime() throws Exception {
        ManualClock clock = new ManualClock();
        try (InProcessSite site = InProcessSite.start(
                SiteConfig.builder()
                        .name("s")
                        .dataDir(dir)
                        .token(TOKEN)
                        .maxFileBytes(1000)
                        .build(),
                clock)) {
            String cookie = cookieOf(login(site, TOKEN));

            clock.advance(Duration.ofHours(12).minusSeconds(1));
            assertThat(withCookie(site, cookie).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(2));
            assertThat(withCookie(site, cookie).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void shouldThrottleWrongTokensFromAnAddressRefusingEvenTheRightOneWhileItWaits() throws Exception {
        ManualClock clock = new ManualClock();
        try (InProcessSite site = InProcessSite.start(
                SiteConfig.builder()
                        .name("s")
                        .dataDir(dir)
                        .token(TOKEN)
                        .maxFileBytes(1000)
                        .build(),
                clock)) {
            for (int i = 0; i < LoginThrottle.BURST; i++) {
                String guess = i % 2 == 0 ? "guess-" + i + "-0123456789" : null;
                HttpResponse<String> answer = guess != null
                        ? login(site, guess)
                        : site.send(site.request("/api/site")
                                .header("Authorization", "Bearer guess-" + i + "-0123456789")
                                .GET()
                                .build());
                assertThat(answer.statusCode()).isEqualTo(401);
            }

            HttpResponse<String> throttled = login(site, "one-more-guess-0123456789");
            HttpResponse<String> rightLogin = login(site, TOKEN);
            HttpResponse<String> rightBearer = site.send(site.request("/api/site")
                    .header("Authorization", "Bearer " + TOKEN)
                    .GET()
                    .build());
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).contains("6");
            assertThat(throttled.body()).contains("too many wrong tokens").doesNotContain("one-more-guess");
            assertThat(rightLogin.statusCode()).isEqualTo(429);
            assertThat(rightBearer.statusCode()).isEqualTo(429);

            clock.advance(Duration.ofSeconds(LoginThrottle.REFILL_SECONDS));
            assertThat(login(site, TOKEN).statusCode()).isEqualTo(204);
            assertThat(site.send(site.request("/api/site")
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .GET()
                                    .build())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldMarkTheCookieSecureWhenAProxySaysTheBrowserCameOverHttps() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir, TOKEN, 1000)) {
            assertThat(login(site, TOKEN, "X-Forwarded-Proto", "https")
                            .headers()
                            .firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));
            assertThat(login(site, TOKEN, "Forwarded", "for=192.0.2.7;proto=https")
                            .headers()
                            .firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));
            assertThat(login(site, TOKEN, "X-Forwarded-Proto", "http").headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
            assertThat(login(site, TOKEN).headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
        }
    }
}
