package io.renderfarm.engine.site.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a remote site is authenticated: a bearer token for a standalone site, Basic user + API token for Jenkins. */
class RemoteSiteTest {
    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/site", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void shouldSendTheTokenAsBearerToAStandaloneSite() throws IOException {
        new RemoteSite(url(), "site-token-0123456789", null).client().site();

        assertThat(authorization.get()).isEqualTo("Bearer site-token-0123456789");
    }

    @Test
    void shouldSendUserAndApiTokenAsBasicToAJenkinsController() throws IOException {
        new RemoteSite(url(), "11aa22bb33cc", null, "render-bot").client().site();

        assertThat(authorization.get())
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString("render-bot:11aa22bb33cc".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldNeverPrintTheTokenOrSecret() {
        RemoteSite site = new RemoteSite(url(), "11aa22bb33cc", "a-callback-secret-of-32-characters!!", "render-bot");

        assertThat(site.toString())
                .contains("render-bot")
                .doesNotContain("11aa22bb33cc")
                .doesNotContain("callback-secret");
    }

    @Test
    void shouldRefuseAJenkinsUserWithoutAnApiToken() {
        assertThatThrownBy(() -> new RemoteSite(url(), null, null, "render-bot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the API token of user render-bot");
    }
}
