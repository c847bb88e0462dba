package io.renderfarm.engine.site.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.store.DirectoryFrameStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site serving as many event streams as it takes answers 503 with {@code Retry-After}: whoever follows a job
 * there ({@code submit}) waits and tries again rather than giving up on a job that is fine (a tiny HTTP server on
 * loopback plays the site).
 */
class SiteJobFollowerBusyTest {
    @TempDir
    Path dir;

    @Test
    void shouldWaitForASiteWhoseEventStreamsAreAllTakenAndFollowTheJobToItsEnd() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/jobs/j/events", ex -> {
            if (streams.incrementAndGet() <= 2) {
                ex.getResponseHeaders().set("Retry-After", "10");
                answer(
                        ex,
                        503,
                        SiteProtocol.PROBLEM_JSON,
                        "{\"type\":\"urn:renderfarm:problem:503\",\"title\":\"Busy\","
                                + "\"status\":503,\"detail\":\"this site serves 100 event streams at once\"}");
            } else {
                answer(
                        ex,
                        200,
                        SiteProtocol.EVENT_STREAM,
                        "id: 1\nevent: job-finished\ndata: {\"type\":\"job-finished\","
                                + "\"t\":1.5,\"job\":\"j\",\"state\":\"SUCCEEDED\"}\n\n");
            }
        });
        server.createContext("/api/jobs/j/frames", ex -> answer(ex, 200, "application/json", "{\"frames\":[]}"));
        server.createContext(
                "/api/jobs/j",
                ex -> answer(
                        ex,
                        200,
                        "application/json",
                        SiteJson.lenient()
                                .writeValueAsString(JobView.builder()
                                        .id("j")
                                        .name("shot")
                                        // running while the site refuses the stream, so the end is learnt from it
                                        .state(streams.get() <= 2 ? JobState.RUNNING : JobState.SUCCEEDED)
                                        .where(Where.LOCAL)
                                        .scene("shot.pov")
                                        .frames("1")
                                        .total(1)
                                        .done(1)
                                        .renderer("povray")
                                        .createdAt("2025-01-01T00:00:00Z")
                                        .finishedAt("2025-01-01T00:00:01Z")
                                        .runs(1)
                                        .build())));
        server.start();
        try {
            SiteClient client = new SiteClient(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
            DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
            List<JobEvent> seen = new ArrayList<>();

            SiteJobFollower.Outcome outcome =
                    new SiteJobFollower(client, store, store.scratchRoot(), seen::add).follow("j");

            assertThat(outcome.job().state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(streams.get()).as("two refusals, then the stream").isEqualTo(3);
            assertThat(seen).extracting(JobEvent::type).containsExactly("job-finished");
        } finally {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
