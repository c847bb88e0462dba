package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.site.base.SiteLimits;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event streams each hold a request thread while they last: 300 idle ones (a job waiting for approval sends
 * nothing but keep-alives) must not push API calls into timeouts. The site serves {@link SiteLimits#maxEventStreams}
 * of them and answers the others 503 with {@code Retry-After}. POV-Ray renders the job's preview.
 */
class EventStreamLimitTest {
    @TempDir
    Path dir;

    @Test
    void shouldServeItsEventStreamsAndRefuseTheRestWhileApiCallsStayPrompt() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        List<Socket> streams = new ArrayList<>();
        try (InProcessSite site = InProcessSite.start(dir.resolve("data"))) {
            SiteClient client = site.client();
            JobView job = Jobs.submit(
                    client,
                    TestScenes.povScene(dir.resolve("scene"), "shot"),
                    "1-3",
                    SiteJson.lenient()
                            .readTree("{\"renderer\":\"povray\",\"preview\":{\"enabled\":true,\"frames\":1,"
                                    + "\"awaitApproval\":true}}"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.job(job.id()).state() == JobState.AWAITING_APPROVAL);

            int served = 0;
            int refused = 0;
            for (int i = 0; i < 300; i++) {
                Socket socket = RawHttp.connect(site.uri());
                socket.setSoTimeout(5000);
                socket.getOutputStream()
                        .write(("GET /api/jobs/" + job.id() + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Accept: text/event-stream\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                streams.add(socket);
            }
            for (Socket socket : streams) {
                String head = RawHttp.head(socket);
                if (head.startsWith("HTTP/1.1 200")) {
                    served++;
                } else {
                    assertThat(head).startsWith("HTTP/1.1 503").contains("Retry-After: 10");
                    refused++;
                }
            }

            assertThat(served).isEqualTo(SiteLimits.DEFAULT.maxEventStreams());
            assertThat(refused).isEqualTo(300 - served);
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                HttpResponse<String> answer = site.send(site.request(i % 2 == 0 ? "/api/site" : "/api/jobs/" + job.id())
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build());

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
        } finally {
            for (Socket s : streams) {
                s.close();
            }
        }
    }
}
