package io.renderfarm.engine.site.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.client.SseReader;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a site that never stops answering (a tiny HTTP server on loopback): a JSON answer, a download,
 * a chunk log and an event that go on without end, and an answer that trickles. Each ends in one clear error once the client's
 * bound is reached, having read no more than that bound, never in an out-of-memory error or a wait without end.
 */
class SiteClientLimitsTest {
    /** How much an endless answer sends at most, so the test is bounded even against a client without limits. */
    private static final long ENDLESS = 512L * 1024 * 1024;

    private static final int SLACK = 32 * 1024 * 1024;

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService threads;
    private final AtomicLong sent = new AtomicLong();
    private byte[] finite;

    @BeforeEach
    void startServer() throws IOException {
        finite = new byte[3_000_000];
        new Random(7).nextBytes(finite);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/api/site", ex -> endless(ex, "application/json", "{\"name\":\"", (byte) 'x'));
        server.createContext("/api/jobs/j/frames/1", ex -> endless(ex, "image/png", "", (byte) 0));
        server.createContext("/api/jobs/j/events", ex -> endless(ex, SiteProtocol.EVENT_STREAM, "data: ", (byte) 'x'));
        server.createContext("/api/jobs/j/chunks/1/log", ex -> endless(ex, "text/plain", "# job j\n", (byte) 'x'));
        server.createContext("/api/jobs/j/frames/2", ex -> {
            ex.sendResponseHeaders(200, finite.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(finite);
            }
        });
        server.createContext("/api/jobs", ex -> trickle(ex));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        threads.shutdownNow();
    }

    private SiteClient client() {
        return new SiteClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    /** Answers 200 with {@code prefix} and then {@code fill} bytes, chunked, until the client hangs up. */
    private void endless(HttpExchange ex, String type, String prefix, byte fill) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, 0);
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, fill);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(prefix.getBytes(StandardCharsets.UTF_8));
            while (sent.get() < ENDLESS) {
                out.write(block);
                sent.addAndGet(block.length);
            }
        } catch (IOException clientHungUp) {
            // what a bounded client does
        }
    }

    /** Answers 200 and then one byte every 300 ms, for at most 30 s. */
    private void trickle(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write('{');
            out.flush();
            for (int i = 0; i < 100; i++) {
                Thread.sleep(300);
                out.write(' ');
                out.flush();
            }
        } catch (IOException | InterruptedException clientHungUp) {
            // what a client with a deadline does
        }
    }

    @Test
    void shouldRefuseAJsonAnswerWithoutEndOnceItPassesTheLimit() {
        assertThatThrownBy(() -> client().site()).isInstanceOfSatisfying(SiteException.class, e -> {
            assertThat(e.getMessage())
                    .contains("answer to GET /api/site is longer than " + SiteClient.MAX_ANSWER_BYTES + " bytes")
                    .contains("is http://127.0.0.1:")
                    .doesNotContain("\n");
            assertThat(e.status()).isEqualTo(200);
        });
        assertThat(sent.get())
                .as("bytes the site could send before the client hung up")
                .isLessThan(SiteClient.MAX_ANSWER_BYTES + SLACK);
    }

    @Test
    void shouldRefuseADownloadLongerThanExpectedAndKeepNothingOfIt() throws Exception {
        Path target = dir.resolve("0001.png");

        assertThatThrownBy(() -> client().download("/api/jobs/j/frames/1", target, 5_000_000))
                .isInstanceOfSatisfying(
                        SiteException.class,
                        e -> assertThat(e.getMessage())
                                .contains("answer to GET /api/jobs/j/frames/1 is longer than 5000000 bytes"));
        assertThat(sent.get()).isLessThan(5_000_000L + SLACK);
        try (var left = Files.list(dir)) {
            assertThat(left).as("nothing written, no partial download left").isEmpty();
        }
    }

    @Test
    void shouldStreamADownloadIntoAFileAndSayItsSizeAndChecksum() throws Exception {
        Path target = dir.resolve("0002.png");

        SiteClient.Download got = client().download("/api/jobs/j/frames/2", target, finite.length);

        assertThat(got.bytes()).isEqualTo(finite.length);
        assertThat(got.sha256()).isEqualTo(FrameVerifier.sha256(target));
        assertThat(Files.readAllBytes(target)).isEqualTo(finite);
        assertThatThrownBy(() -> client().download("/api/jobs/j/frames/2", dir.resolve("small.png"), finite.length - 1))
                .as("refused by its Content-Length")
                .hasMessageContaining("longer than " + (finite.length - 1));
    }

    @Test
    void shouldRefuseAChunkLogWithoutEndAndStoreNothingOfIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        DirectoryFrameStore store = new DirectoryFrameStore(out);
        RemoteOutput output = new RemoteOutput(client(), store, dir.resolve("scratch"));
        JobEvent.ChunkLog log = new JobEvent.ChunkLog(
                1,
                "j",
                1,
                1,
                "final",
                "1",
                "slot-1",
                "h",
                "2026-01-01T10:00:00Z",
                "2026-01-01T10:00:01Z",
                "succeeded",
                null,
                null,
                null,
                null,
                "/api/jobs/j/chunks/1/log",
                0,
                false,
                null);

        assertThatThrownBy(() -> output.chunkLog(log))
                .isInstanceOfSatisfying(
                        SiteException.class,
                        e -> assertThat(e.getMessage())
                                .contains("answer to GET /api/jobs/j/chunks/1/log is longer than "
                                        + RemoteOutput.MAX_LOG_BYTES));
        assertThat(sent.get()).isLessThan(RemoteOutput.MAX_LOG_BYTES + SLACK);
        assertThat(store.logsDirectory().resolve("chunk-0001-attempt-1.log")).doesNotExist();
    }

    @Test
    void shouldRefuseAnEventThatNeverEnds() {
        assertThatThrownBy(() -> client().events("j", 0, e -> true))
                .isInstanceOfSatisfying(
                        SiteException.class,
                        e -> assertThat(e.getMessage())
                                .contains("sent an event longer than " + SseReader.MAX_RECORD_CHARS
                                        + " characters on /api/jobs/j/events"));
        assertThat(sent.get()).isLessThan(SseReader.MAX_RECORD_CHARS + (long) SLACK);
    }

    @Test
    void shouldGiveUpOnAnAnswerThatTricklesPastTwiceTheTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> client().withTimeout(Duration.ofSeconds(1)).jobs())
                .isInstanceOfSatisfying(
                        SiteException.class,
                        e -> assertThat(e.getMessage())
                                .contains("did not finish its answer to GET /api/jobs within 2 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
