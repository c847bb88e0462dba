package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding, tokens, DNS-rebinding and cross-site protections. */
class SiteSecurityTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    @TempDir
    Path dir;

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() {
        assertThatThrownBy(() -> new SiteConfig("s", "0.0.0.0", 0, dir, 1, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a token");
    }

    @Test
    void shouldRefuseShortTokens() {
        assertThatThrownBy(() -> new SiteConfig("s", "127.0.0.1", 0, dir, 1, "short", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    }

    @Test
    void shouldAnswerApiCallsOnlyWithTheToken() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir, TOKEN, 1000)) {
            HttpResponse<String> none = site.get("/api/site");
            HttpResponse<String> wrong = site.send(site.request("/api/site").header("Authorization", "Bearer nope").GET().build());
            HttpResponse<String> right = site.send(site.request("/api/site").header("Authorization", "Bearer " + TOKEN).GET().build());
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
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build());

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
            try (java.net.Socket socket = new java.net.Socket(site.uri().getHost(), site.uri().getPort())) {
                socket.getOutputStream().write("GET /api/site HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

                assertThat(answer).startsWith("HTTP/1.1 403").contains("localhost");
            }
            assertThat(site.get("/api/site").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServePagesWithAPolicyThatForbidsInlineScript() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            HttpResponse<String> page = site.get("/");

            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|onclick=");
        }
    }

    @Test
    void shouldRefuseASecondSiteOnTheSameDataFolder() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            assertThatThrownBy(() -> InProcessSite.start(dir)).hasMessageContaining("already serving");
        }
    }
}
