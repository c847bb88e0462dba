package io.renderfarm.engine.site.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.client.HttpClientFactory;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Posts signed {@link CompletionNotice}s to the sites that delegated jobs here, retrying with exponential backoff
 * (1 s, 2 s, 4 s … up to a cap, waited by the host's {@link Clock}) while the receiver cannot be reached or answers 5xx, 408 or 429. Any other 4xx is
 * final: the receiver refused the notice (bad signature, unknown job) and will refuse it again. Every attempt is
 * signed afresh, so a retry is never a replay. The receiver also polls, so a notice that is never delivered only
 * delays its result. Thread-safe.
 */
public final class CallbackSender implements AutoCloseable {
    /** What became of a notice, for the host to record and log. */
    public interface Outcome {
        void delivered(String jobId, int attempts);

        void abandoned(String jobId, int attempts, String lastProblem);
    }

    /** When to try again: {@code first}, doubling up to {@code max}, {@code attempts} tries in all. */
    public record Backoff(Duration first, Duration max, int attempts) {
        /** About 8 minutes of tries. */
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 12);

        Duration delayBefore(int attempt) {
            long millis = first.toMillis() << Math.min(attempt - 2, 20);
            return Duration.ofMillis(Math.min(millis, max.toMillis()));
        }
    }

    private final Backoff backoff;
    private final Outcome outcome;
    private final HttpClientFactory http;
    private final Clock clock;
    private final ExecutorService notices = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "completion-notice");
        t.setDaemon(true);
        return t;
    });

    /** A sender on the machine's clock, straight to the receiver. */
    public CallbackSender(Backoff backoff, Outcome outcome) {
        this(backoff, outcome, HttpClientFactory.DIRECT, Clock.SYSTEM);
    }

    /**
     * A sender whose requests go through the host's HTTP settings ({@code http}); a client is made per attempt,
     * so a proxy changed between the retries of a notice applies to the next one. It signs and waits between
     * attempts by {@code clock}.
     */
    public CallbackSender(Backoff backoff, Outcome outcome, HttpClientFactory http, Clock clock) {
        this.backoff = backoff;
        this.outcome = outcome;
        this.http = http;
        this.clock = clock;
    }

    /**
     * Sends the notice now and retries in the background; returns at once. Each notice has its own thread while
     * it is being tried, so a receiver that answers slowly delays only its own notices.
     */
    public void send(URI url, String key, CompletionNotice notice) {
        try {
            notices.execute(() -> deliver(url, new CallbackSignature(key), notice));
        } catch (RejectedExecutionException closed) {
            // The host is stopping; a site re-sends undelivered notices when it starts again.
        }
    }

    private void deliver(URI url, CallbackSignature signature, CompletionNotice notice) {
        try {
            for (int attempt = 1; ; attempt++) {
                if (attempt > 1) {
                    clock.sleep(backoff.delayBefore(attempt));
                }
                String problem;
                boolean retry;
                try {
                    int status = post(url, signature, notice);
                    if (status / 100 == 2) {
                        outcome.delivered(notice.job(), attempt);
                        return;
                    }
                    problem = "answered " + status;
                    retry = status >= 500 || status == 408 || status == 429;
                } catch (IOException e) {
                    problem = "cannot reach " + url.getHost() + ":" + url.getPort() + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    retry = true;
                }
                if (!retry || attempt >= backoff.attempts()) {
                    outcome.abandoned(notice.job(), attempt, problem);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Closed: the host is stopping, and sends what it still owes when it starts again.
            Thread.currentThread().interrupt();
        }
    }

    private int post(URI url, CallbackSignature signature, CompletionNotice notice)
            throws IOException, InterruptedException {
        byte[] body;
        try {
            body = SiteJson.lenient().writeValueAsBytes(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice is always JSON", e);
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        CallbackSignature.Headers signed = signature.sign("POST", path, body, clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.asMap().forEach(request::header);
        HttpClient client = http.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Stops retrying; notices not yet delivered are the host's to send again after a restart. */
    @Override
    public void close() {
        notices.shutdownNow();
    }
}
