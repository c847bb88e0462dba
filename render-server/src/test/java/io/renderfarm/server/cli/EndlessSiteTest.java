package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.CliProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code submit} against a "site" that answers every request with a body without end (a tiny
 * HTTP server on loopback; each answer stops at 1 GiB so the test is bounded even against a client without limits).
 * The commands run as their own processes with the 512 MiB heap of the other CLI tests: each exits 1 within
 * seconds with one line saying what is wrong, never with an out-of-memory error.
 */
class EndlessSiteTest {
    private static final long ENDLESS = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService threads;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/", EndlessSiteTest::endless);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static void endless(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) ' ');
        try (OutputStream out = ex.getResponseBody()) {
            out.write('[');
            for (long sent = 0; sent < ENDLESS; sent += block.length) {
                out.write(block);
            }
        } catch (IOException clientHungUp) {
            // what a bounded client does
        }
    }

    private String site() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void assertOneClearLine(CliProcess cli) throws IOException {
        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(1);
        assertThat(cli.stderr().strip().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("renderfarm: ")
                        .contains("is longer than " + SiteClient.MAX_ANSWER_BYTES + " bytes; refused")
                        .doesNotContain("OutOfMemory", "heap space"));
    }

    @Test
    void shouldEndStatusWithOneLineWhenTheSiteAnswersWithoutEnd() throws Exception {
        CliProcess status = CliProcess.run(dir, Duration.ofSeconds(60), "status", "--site", site());

        assertOneClearLine(status);
        assertThat(status.stdout()).isEmpty();
    }

    @Test
    void shouldEndSubmitWithOneLineWhenTheSiteAnswersWithoutEnd() throws Exception {
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot");
        CliProcess submit = CliProcess.run(
                dir,
                Duration.ofSeconds(60),
                "submit",
                scene.toString(),
                "--site",
                site(),
                "--frames",
                "1",
                "--out",
                dir.resolve("out").toString());

        assertOneClearLine(submit);
    }
}
