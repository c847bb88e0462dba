package io.renderfarm.engine.site.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.client.HttpClientFactory;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Posts signed {@link CompletionNotice}s to the sites that delegated jobs here, retrying with exponential backoff
 * (1 s, 2 s, 4 s … up to a cap) while the receiver cannot be reached or answers 5xx, 408 or 429. Any other 4xx is
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
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "completion-notices");
        t.setDaemon(true);
        return t;
    });

    public CallbackSender(Backoff backoff, Outcome outcome) {
        this(backoff, outcome, HttpClientFactory.DIRECT);
    }

    /**
     * A sender whose requests go through the host's HTTP settings ({@code http}); a client is made per attempt,
     * so a proxy changed between the retries of a notice applies to the next one.
     */
    public CallbackSender(Backoff backoff, Outcome outcome, HttpClientFactory http) {
        this.backoff = backoff;
        this.outcome = outcome;
        this.http = http;
    }

    /** Sends the notice now and retries in the background; returns at once. */
    public void send(URI url, String key, CompletionNotice notice) {
        schedule(new Attempt(url, new CallbackSignature(key), notice, 1), Duration.ZERO);
    }

    private record Attempt(URI url, CallbackSignature signature, CompletionNotice notice, int number) {
        Attempt next() {
            return new Attempt(url, signature, notice, number + 1);
        }
    }

    private void schedule(Attempt attempt, Duration delay) {
        try {
            timer.schedule(() -> run(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // The host is stopping; a site re-sends undelivered notices when it starts again.
        }
    }

    private void run(Attempt attempt) {
        String problem;
        boolean retry;
        try {
            int status = post(attempt);
            if (status / 100 == 2) {
                outcome.delivered(attempt.notice().job(), attempt.number());
                return;
            }
            problem = "answered " + status;
            retry = status >= 500 || status == 408 || status == 429;
        } catch (IOException e) {
            problem = "cannot reach " + attempt.url().getHost() + ":"
                    + attempt.url().getPort() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            retry = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!retry || attempt.number() >= backoff.attempts()) {
            outcome.abandoned(attempt.notice().job(), attempt.number(), problem);
            return;
        }
        schedule(attempt.next(), backoff.delayBefore(attempt.number() + 1));
    }

    private int post(Attempt attempt) throws IOException, InterruptedException {
        byte[] body;
        try {
            body = SiteJson.lenient().writeValueAsBytes(attempt.notice());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice is always JSON", e);
        }
        String path =
                attempt.url().getRawPath() == null || attempt.url().getRawPath().isEmpty()
                        ? "/"
                        : attempt.url().getRawPath();
        CallbackSignature.Headers signed = attempt.signature().sign("POST", path, body, Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(attempt.url())
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
        timer.shutdownNow();
    }
}
