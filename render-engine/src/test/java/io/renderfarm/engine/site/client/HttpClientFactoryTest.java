package io.renderfarm.engine.site.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.callback.CallbackSender;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's HTTP goes through the host's client builder: a "proxy" on 127.0.0.1 set only in that builder
 * receives the requests for hosts that do not even resolve, as a Jenkins controller's configured proxy would.
 */
class HttpClientFactoryTest {
    private final List<String> proxied = new CopyOnWriteArrayList<>();
    private HttpServer proxy;
    private HttpClientFactory hostSettings;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            proxied.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 204 : 503, -1);
            exchange.close();
        });
        proxy.start();
        InetSocketAddress at =
                new InetSocketAddress("127.0.0.1", proxy.getAddress().getPort());
        hostSettings = () -> HttpClient.newBuilder().proxy(ProxySelector.of(at));
    }

    @AfterEach
    void stopProxy() {
        proxy.stop(0);
    }

    @Test
    void shouldSendSiteRequestsThroughTheHostsBuilder() {
        RemoteSite site = new RemoteSite(URI.create("http://render-peer.invalid:8765"), "t0ken", null, "alice")
                .withHttp(hostSettings);

        assertThatThrownBy(
                        () -> site.client().withTimeout(Duration.ofSeconds(5)).site())
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(503));

        assertThat(proxied)
                .singleElement()
                .asString()
                .startsWith("GET http://render-peer.invalid:8765/api/site auth=Basic ");
    }

    @Test
    void shouldPostCompletionNoticesThroughTheHostsBuilder() {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        CallbackSender.Outcome record = new CallbackSender.Outcome() {
            @Override
            public void delivered(String jobId, int attempts) {
                outcomes.add("delivered " + jobId);
            }

            @Override
            public void abandoned(String jobId, int attempts, String lastProblem) {
                outcomes.add("abandoned " + jobId + ": " + lastProblem);
            }
        };
        try (CallbackSender sender =
                new CallbackSender(CallbackSender.Backoff.DEFAULT, record, hostSettings, Clock.SYSTEM)) {
            sender.send(
                    URI.create("http://delegator.invalid/render-callback/k1"),
                    CallbackSignature.jobKey(CallbackSignature.newSecret(), "j1"),
                    new CompletionNotice("j1", JobState.SUCCEEDED, 2, 2, ""));
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).containsExactly("delivered j1");
        assertThat(proxied).singleElement().asString().startsWith("POST http://delegator.invalid/render-callback/k1 ");
    }

    @Test
    void shouldUseThePlainBuilderWhenTheHostGivesNone() {
        RemoteSite site = new RemoteSite(URI.create("http://127.0.0.1:9"), null, null);

        assertThat(site.http()).isSameAs(HttpClientFactory.DIRECT);
        assertThat(site.withHttp(null).http()).isSameAs(HttpClientFactory.DIRECT);
    }
}
