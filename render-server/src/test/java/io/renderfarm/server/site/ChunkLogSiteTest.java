package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.ChunkList;
import io.renderfarm.engine.site.api.ChunkView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk logs through the site protocol, with real POV-Ray on a site in this JVM: every attempt listed with where,
 * when and how it ran, its log live while it renders and kept once it ended, and a scene error explained by it.
 */
class ChunkLogSiteTest {
    @TempDir
    Path dir;

    private static JsonNode povray() throws Exception {
        return SiteJson.lenient()
                .readTree("{\"renderer\":\"povray\",\"chunkSize\":1,\"retries\":2,\"preview\":{\"enabled\":false}}");
    }

    private static ChunkList chunks(InProcessSite site, String id) throws Exception {
        return SiteJson.lenient()
                .readValue(site.get("/api/jobs/" + id + "/chunks").body(), ChunkList.class);
    }

    @Test
    void shouldListTheFailedAttemptOfABrokenSceneAndServeItsLog() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povSceneWithMissingInclude(dir.resolve("scene"), "include");
        try (InProcessSite site = InProcessSite.start(dir.resolve("data"))) {
            JobView job = Jobs.submit(site.client(), scene, "1-3", povray());
            List<JobEvent> events = Jobs.events(site.client(), job.id(), Duration.ofMinutes(1));

            JobView end = site.client().job(job.id());
            assertThat(end.state()).isEqualTo(JobState.FAILED);
            assertThat(end.reason())
                    .startsWith("scene error: File '")
                    .contains("Cannot open include file inc/missing_textures.inc.");
            assertThat(end.links()).containsEntry("chunks", "/api/jobs/" + job.id() + "/chunks");
            ChunkView chunk = chunks(site, job.id()).chunks().get(0);
            assertThat(chunk.state()).isEqualTo("failed");
            assertThat(chunk.kind()).isEqualTo("scene");
            assertThat(chunk.exitCode()).isEqualTo(1);
            assertThat(chunk.slot()).isEqualTo("slot-1");
            assertThat(chunk.host()).isNotBlank();
            assertThat(chunk.frames()).isEqualTo("1");
            assertThat(chunk.attempt()).isEqualTo(1);
            assertThat(chunk.finishedAt()).isNotNull();
            assertThat(chunk.log()).isEqualTo("/api/jobs/" + job.id() + "/chunks/" + chunk.chunk() + "/log");
            HttpResponse<String> log = site.get(chunk.log());
            assertThat(log.statusCode()).isEqualTo(200);
            assertThat(log.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(log.body())
                    .startsWith(
                            "# job " + job.id() + ", chunk " + chunk.chunk() + ", attempt 1 (final pass), frames 1\n")
                    .contains("# failed (scene): ")
                    .contains("Persistence of Vision")
                    .contains("Parse Error: Cannot open include file");
            JobEvent.ChunkLog logged =
                    Jobs.ofType(events, JobEvent.ChunkLog.class).get(0);
            assertThat(logged.path()).isEqualTo(chunk.log());
            assertThat(logged.tail()).contains("Fatal error in parser: Cannot parse input.");
            assertThat(site.get("/api/jobs/" + job.id() + "/chunks/99/log").statusCode())
                    .isEqualTo(404);
            assertThat(site.get("/api/jobs/" + job.id() + "/chunks/..%2F..%2Fx/log")
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void shouldServeTheLogLiveWhileTheChunkRendersAndKeepItAfterACancel() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = dir.resolve("scene").resolve("slow.pov");
        Files.createDirectories(scene.getParent());
        // A parse that takes well over a minute, announcing itself first: POV-Ray prints #debug lines at once.
        Files.writeString(
                scene,
                String.join(
                        "\n",
                        "// renderfarm: width=32 height=24",
                        "#debug \"rf-live: parsing a long loop\\n\"",
                        "#declare I = 0;",
                        "#while (I < 1000000000)",
                        "  #declare I = I + 1;",
                        "#end",
                        "camera { location <0, 1, -4> look_at <0, 0, 0> }",
                        "light_source { <2, 4, -3> color rgb 1 }",
                        "sphere { <0, 0, 0>, 1 pigment { color rgb 1 } }",
                        ""));
        try (InProcessSite site = InProcessSite.start(dir.resolve("data"))) {
            JobView job = Jobs.submit(site.client(), scene, "1", povray());
            String url = "/api/jobs/" + job.id() + "/chunks/1/log";

            HttpResponse<String> live = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> site.get(url),
                            r -> r.statusCode() == 200 && r.body().contains("rf-live: parsing a long loop"));
            assertThat(live.headers().firstValue("Renderfarm-Chunk-State")).hasValue("running");
            assertThat(chunks(site, job.id()).chunks()).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo("running");
                assertThat(c.finishedAt()).isNull();
            });
            site.client().cancel(job.id(), "enough");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> site.client().job(job.id()).state() == JobState.CANCELED);

            ChunkView chunk = chunks(site, job.id()).chunks().get(0);
            assertThat(chunk.state()).isEqualTo("killed");
            assertThat(chunk.reason()).isEqualTo("enough");
            HttpResponse<String> kept = site.get(url);
            assertThat(kept.headers().firstValue("Renderfarm-Chunk-State")).isEmpty();
            assertThat(kept.body()).startsWith("# job ").contains("rf-live: parsing a long loop");
        }
    }
}
