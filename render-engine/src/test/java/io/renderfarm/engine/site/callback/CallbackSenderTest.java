package io.renderfarm.engine.site.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.CompletionNotice;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Completion notices against a tiny HTTP server in this JVM: retried with backoff, re-signed every time. */
class CallbackSenderTest {
    private static final String KEY = CallbackSignature.jobKey(CallbackSignature.newSecret(), "local-1");
    private static final CallbackSender.Backoff QUICK =
            new CallbackSender.Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 4);
    private static final CompletionNotice NOTICE = new CompletionNotice("remote-1", JobState.SUCCEEDED, 3, 3, "");
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final NonceStore nonces = NonceStore.inMemory();
    private HttpServer server;

    private final CallbackSender.Outcome record = new CallbackSender.Outcome() {
        @Override
        public void delivered(String jobId, int attempts) {
            outcomes.add("delivered " + jobId + " after " + attempts);
        }

        @Override
        public void abandoned(String jobId, int attempts, String lastProblem) {
            outcomes.add("abandoned " + jobId + " after " + attempts + ": " + lastProblem);
        }
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A receiver that answers {@code statuses} in turn (the last one from then on), checking each signature. */
    private URI receiver(int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/jobs/local-1/callback", exchange -> {
            arrivals.add(System.nanoTime());
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
            try {
                new CallbackSignature(KEY)
                        .verify(
                                "POST",
                                exchange.getRequestURI().getPath(),
                                body,
                                new CallbackSignature.Headers(
                                        h.getFirst(CallbackSignature.TIMESTAMP_HEADER),
                                        h.getFirst(CallbackSignature.NONCE_HEADER),
                                        h.getFirst(CallbackSignature.SIGNATURE_HEADER)),
                                Instant.now(),
                                nonces);
            } catch (CallbackRejected e) {
                status = 401;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/jobs/local-1/callback");
    }

    @Test
    void shouldRetryWithGrowingDelaysUntilTheReceiverTakesIt() throws Exception {
        URI url = receiver(503, 503, 204);
        try (CallbackSender sender = new CallbackSender(QUICK, record)) {
            sender.send(url, KEY, NOTICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).containsExactly("delivered remote-1 after 3");
        assertThat(arrivals.get(2) - arrivals.get(1))
                .as("the second delay is longer")
                .isGreaterThan((arrivals.get(1) - arrivals.get(0))
                        + Duration.ofMillis(20).toNanos());
    }

    @Test
    void shouldStopAtARefusalThatWouldNotChange() throws Exception {
        URI url = receiver(404);
        try (CallbackSender sender = new CallbackSender(QUICK, record)) {
            sender.send(url, KEY, NOTICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).containsExactly("abandoned remote-1 after 1: answered 404");
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptWhileTheReceiverIsDown() throws Exception {
        URI url = receiver(204);
        server.stop(0);
        server = null;
        try (CallbackSender sender = new CallbackSender(QUICK, record)) {
            sender.send(url, KEY, NOTICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).singleElement().asString().startsWith("abandoned remote-1 after 4: cannot reach");
    }
}
