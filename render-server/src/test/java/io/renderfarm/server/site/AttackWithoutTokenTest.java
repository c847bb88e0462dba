package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.server.site.base.SiteConfig;
import io.renderfarm.server.site.http.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 17 by a caller without the token, on a site with one: bodies that never end (chunked, so
 * no Content-Length warns the site) and bodies that arrive a byte at a time. The site refuses each before it has
 * read more than the request may hold, and goes on answering callers with the token promptly.
 */
class AttackWithoutTokenTest {
    private static final String TOKEN = "attack-test-token-0123456789";
    private static final long FLOOD = 256L * 1024 * 1024;
    /** What may be on its way when the site refuses: socket buffers, and the reader's reaction time. */
    private static final long IN_FLIGHT = 32L * 1024 * 1024;

    private static final String JOB = "20990101-000000-abc";

    @TempDir
    Path dir;

    private InProcessSite start(ManualClock clock) throws IOException {
        SiteConfig config = SiteConfig.builder()
                .name("attacked")
                .dataDir(dir.resolve("data"))
                .token(TOKEN)
                .maxFileBytes(1 << 20)
                .build();
        return clock == null ? InProcessSite.start(config) : InProcessSite.start(config, clock);
    }

    private static HttpResponse<String> authorised(InProcessSite site, String path) throws Exception {
        return site.send(site.request(path)
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build());
    }

    @Test
    void shouldRefuseAnEndlessChunkedLoginBodyBeforeItIsSentAndStayUp() throws Exception {
        try (InProcessSite site = start(null)) {
            RawHttp.Flood flood = RawHttp.chunkedFlood(site.uri(), "/api/session", Map.of(), FLOOD);

            assertThat(flood.statusLine()).startsWith("HTTP/1.1 413");
            assertThat(flood.bytesSent()).as("bytes sent when the refusal came").isLessThan(IN_FLIGHT);
            assertThat(authorised(site, "/api/site").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseAnUnsignedNoticeWithoutReadingItsBodyAndASignedLookingOneAtItsLimit() throws Exception {
        try (InProcessSite site = start(null)) {
            String path = "/api/jobs/" + JOB + "/callback";
            RawHttp.Flood unsigned = RawHttp.chunkedFlood(site.uri(), path, Map.of(), FLOOD);
            RawHttp.Flood signedLooking = RawHttp.chunkedFlood(
                    site.uri(),
                    path,
                    Map.of(
                            CallbackSignature.TIMESTAMP_HEADER,
                            Long.toString(Instant.now().getEpochSecond()),
                            CallbackSignature.NONCE_HEADER,
                            "n".repeat(32),
                            CallbackSignature.SIGNATURE_HEADER,
                            "v1=00"),
                    FLOOD);

            assertThat(unsigned.statusLine()).startsWith("HTTP/1.1 401");
            assertThat(unsigned.bytesSent()).isLessThan(IN_FLIGHT);
            assertThat(signedLooking.statusLine()).startsWith("HTTP/1.1 413");
            assertThat(signedLooking.bytesSent()).isLessThan(IN_FLIGHT);
            assertThat(authorised(site, "/api/site").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseAChunkedJsonBodyOverItsLimitEvenWithTheToken() throws Exception {
        try (InProcessSite site = start(null)) {
            RawHttp.Flood flood = RawHttp.chunkedFlood(
                    site.uri(), "/api/jobs", Map.of("Authorization", "Bearer " + TOKEN), 4 * Http.MAX_JSON_BYTES);

            assertThat(flood.statusLine()).startsWith("HTTP/1.1 413");
            assertThat(flood.bytesSent()).isLessThan(Http.MAX_JSON_BYTES + IN_FLIGHT);
        }
    }

    @Test
    void shouldKeepAnsweringAuthorisedCallsWhile300SlowBodiesArrive() throws Exception {
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        List<Socket> slow = new ArrayList<>();
        try (InProcessSite site = start(null)) {
            for (int i = 0; i < 300; i++) {
                Socket socket = RawHttp.connect(site.uri());
                String path = i % 3 == 2 ? "/api/jobs" : "/api/session"; // a third on a route that needs the token
                socket.getOutputStream()
                        .write((RawHttp.post(path, Map.of("Content-Length", "1000")) + "\r\n{")
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            Socket refused = slow.get(slow.size() - 2); // a login beyond those read at once
            refused.setSoTimeout(5000);
            String refusal = RawHttp.head(refused);
            dribble.scheduleAtFixedRate(() -> slow.forEach(AttackWithoutTokenTest::oneByte), 1, 2, TimeUnit.SECONDS);

            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                HttpResponse<String> answer = authorised(site, i % 2 == 0 ? "/api/site" : "/api/jobs");

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
            assertThat(refusal).startsWith("HTTP/1.1 503").contains("Retry-After: 5");
        } finally {
            dribble.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void shouldCutOffALoginBodyThatArrivesTooSlowly() throws Exception {
        ManualClock clock = new ManualClock();
        try (InProcessSite site = start(clock);
                Socket socket = RawHttp.connect(site.uri())) {
            OutputStream out = socket.getOutputStream();
            out.write((RawHttp.post("/api/session", Map.of("Content-Length", "100")) + "\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> RawHttp.statusLine(socket));
            int[] sent = {1};

            // Each round: the site's clock passes its 10 s allowance, and one more byte arrives to be read.
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!answer.isDone() && sent[0] < 99) {
                            clock.advance(Duration.ofSeconds(11));
                            out.write(' ');
                            sent[0]++;
                        }
                        return answer.isDone();
                    });

            assertThat(answer.get()).startsWith("HTTP/1.1 408");
            assertThat(sent[0]).as("bytes of the 100 sent when cut off").isLessThan(99);
        }
    }

    private static void oneByte(Socket socket) {
        try {
            socket.getOutputStream().write(' ');
        } catch (IOException closedBySite) {
            // refused already
        }
    }
}
