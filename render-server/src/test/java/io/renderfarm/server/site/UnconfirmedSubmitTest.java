package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.TestScenes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delegating site whose submit reaches the remote site but whose answer is lost on the way back (a proxy that
 * answers 502 after forwarding it): the job the remote created anyway is canceled there, and the delegation fails
 * saying so, instead of the remote rendering a job nobody follows.
 */
class UnconfirmedSubmitTest {
    private static final Set<String> HOP_HEADERS =
            Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

    @TempDir
    Path dir;

    @Test
    void shouldCancelOnTheRemoteTheJobWhoseSubmitWasNotConfirmed() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "lost-answer");
        try (InProcessSite remote = InProcessSite.start(dir.resolve("remote"));
                LosingProxy proxy = LosingProxy.start(remote.uri())) {
            JobProfile profile = JobProfile.defaults("povray")
                    .withPreview(PreviewSettings.OFF)
                    .withChunkSize(1);
            RemoteDelegation.Job job = new RemoteDelegation.Job(
                    "local-1",
                    "shot 10",
                    Bundle.of(scene, List.of(), List.of()),
                    FrameSet.parse("1-400"),
                    ProfileReader.toJson(profile),
                    OutputNaming.DEFAULT,
                    "povray",
                    null,
                    null);
            RemoteDelegation delegation = new RemoteDelegation(
                            new RemoteSite(proxy.uri(), null, null),
                            job,
                            new DirectoryFrameStore(Files.createDirectories(dir.resolve("out"))),
                            Files.createDirectories(dir.resolve("scratch")),
                            e -> {},
                            new RemoteDelegation.Journal() {
                                @Override
                                public void submitted(String remoteJobId) {}

                                @Override
                                public void relayed(long remoteEventId) {}
                            },
                            RemoteDelegation.Settings.DEFAULTS)
                    .start();

            JobResult result = delegation.completion().get(60, TimeUnit.SECONDS);

            assertThat(result.state()).isEqualTo(JobState.FAILED);
            assertThat(result.reason())
                    .contains("could not take the job")
                    .contains("502")
                    .contains("the job it had created anyway was canceled there");
            assertThat(proxy.submits).isEqualTo(1);
            List<JobView> there = remote.client().jobs().jobs();
            assertThat(there)
                    .singleElement()
                    .satisfies(v -> assertThat(v.name()).isEqualTo("shot 10 [via local-1]"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> remote.client().job(there.get(0).id()).state().isFinal());
            JobView end = remote.client().job(there.get(0).id());
            assertThat(end.state()).isEqualTo(JobState.CANCELED);
            assertThat(end.done()).isLessThan(400);
        }
    }

    /** Forwards every request to the site; forwards a job submit too, but answers it with 502 as a failing proxy. */
    private static final class LosingProxy implements AutoCloseable {
        private final HttpServer server;
        private final URI target;
        private final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        volatile int submits;

        private LosingProxy(HttpServer server, URI target) {
            this.server = server;
            this.target = target;
        }

        static LosingProxy start(URI target) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            LosingProxy proxy = new LosingProxy(server, target);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(
                                URI.create(target + exchange.getRequestURI().toString()))
                        .timeout(Duration.ofSeconds(30))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(v -> forward.header(name, v));
                    }
                });
                HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                boolean submit = "POST".equals(exchange.getRequestMethod())
                        && "/api/jobs".equals(exchange.getRequestURI().getPath());
                if (submit) {
                    submits++;
                    byte[] lost = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(502, lost.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(lost);
                    }
                    return;
                }
                answer.headers().map().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(
                        answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
