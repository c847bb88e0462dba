package io.renderfarm.engine.site.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.client.HttpClientFactory;
import io.renderfarm.engine.testing.ManualClock;
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

/**
 * Completion notices against a tiny HTTP server in this JVM, on a clock the test moves (the sender's waits move
 * it): the real back-off schedule, minutes of it, runs in milliseconds; every attempt is signed afresh at the
 * clock's time.
 */
class CallbackSenderTest {
    private static final String KEY = CallbackSignature.jobKey(CallbackSignature.newSecret(), "local-1");
    private static final CompletionNotice NOTICE = new CompletionNotice("remote-1", JobState.SUCCEEDED, 3, 3, "");
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final List<String> timestamps = new CopyOnWriteArrayList<>();
    private final NonceStore nonces = NonceStore.inMemory(clock);
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
            arrivals.add(clock.nanoTime());
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            timestamps.add(h.getFirst(CallbackSignature.TIMESTAMP_HEADER));
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
                                clock.instant(),
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

    private CallbackSender sender() {
        return new CallbackSender(CallbackSender.Backoff.DEFAULT, record, HttpClientFactory.DIRECT, clock);
    }

    @Test
    void shouldRetryWithDoublingDelaysByTheClockUntilTheReceiverTakesIt() throws Exception {
        URI url = receiver(503, 429, 503, 204);
        long start = clock.nanoTime();
        try (CallbackSender sender = sender()) {
            sender.send(url, KEY, NOTICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).containsExactly("delivered remote-1 after 4");
        assertThat(arrivals.stream().map(t -> Duration.ofNanos(t - start)))
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(7));
        assertThat(timestamps)
                .as("each attempt signed afresh at the clock's time")
                .containsExactly("1893499200", "1893499201", "1893499203", "1893499207");
    }

    @Test
    void shouldStopAtARefusalThatWouldNotChange() throws Exception {
        URI url = receiver(404);
        try (CallbackSender sender = sender()) {
            sender.send(url, KEY, NOTICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).containsExactly("abandoned remote-1 after 1: answered 404");
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptAboutEightMinutesInWhileTheReceiverIsDown() throws Exception {
        URI url = receiver(204);
        server.stop(0);
        server = null;
        long start = clock.nanoTime();
        try (CallbackSender sender = sender()) {
            sender.send(url, KEY, NOTICE);
            await().atMost(Duration.ofSeconds(20)).until(() -> !outcomes.isEmpty());
        }

        assertThat(outcomes).singleElement().asString().startsWith("abandoned remote-1 after 12: cannot reach");
        // 1 + 2 + 4 + 8 + 16 + 32 s, then the 60 s cap for the last five waits
        assertThat(Duration.ofNanos(clock.nanoTime() - start)).isEqualTo(Duration.ofSeconds(363));
    }
}
