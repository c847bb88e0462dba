package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.ChunkView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Priorities on a real site with one slot and real POV-Ray renders: a job submitted later with a higher priority
 * takes the slot at the running job's next chunk boundary, without that chunk being killed; the API refuses a
 * priority out of range and a change to a finished job.
 */
class PrioritySiteTest {
    @TempDir
    Path dir;

    private static JsonNode povray() throws Exception {
        return SiteJson.lenient().readTree("{\"renderer\":\"povray\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}");
    }

    private static List<String> startOrder(InProcessSite site, String... ids) throws Exception {
        List<ChunkView> all = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (String id : ids) {
            for (ChunkView c : site.client().chunks(id).chunks()) {
                all.add(c);
                owners.add(id);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> all.get(i).startedAt()));
        return order.stream()
                .map(i -> owners.get(i) + ":" + all.get(i).frames())
                .toList();
    }

    @Test
    void shouldRenderALaterHigherPriorityJobAtTheNextChunkWithoutKillingTheRunningOne() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "orbit", 320, 240);
        try (InProcessSite site = InProcessSite.start(dir.resolve("data"))) {
            JobView low = site.client()
                    .submit(Jobs.request(site.client(), scene, "1-6", povray(), Where.LOCAL)
                            .withPriority(10));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !site.client().chunks(low.id()).chunks().isEmpty());
            JobView high = site.client()
                    .submit(Jobs.request(site.client(), scene, "1-3", povray(), Where.LOCAL)
                            .withPriority(90));

            await().atMost(Duration.ofMinutes(2))
                    .until(() -> site.client().job(low.id()).state().isFinal()
                            && site.client().job(high.id()).state().isFinal());

            assertThat(site.client().job(high.id()).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(site.client().job(low.id()).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(site.client().job(high.id()).priority()).isEqualTo(90);
            List<String> order = startOrder(site, low.id(), high.id());
            int firstHigh = order.indexOf(high.id() + ":1");
            assertThat(firstHigh).as("the low job had started before: " + order).isPositive();
            assertThat(order.subList(firstHigh, firstHigh + 3))
                    .as("the high job's chunks one after another: " + order)
                    .containsExactly(high.id() + ":1", high.id() + ":2", high.id() + ":3");
            assertThat(site.client().chunks(low.id()).chunks())
                    .as("no chunk was stopped for the other job")
                    .allSatisfy(c -> assertThat(c.state()).isEqualTo("finished"));
        }
    }

    @Test
    void shouldRefuseAPriorityOutOfRangeAndAChangeToAFinishedJob() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "orbit", 32, 24);
        try (InProcessSite site = InProcessSite.start(dir.resolve("data"))) {
            var tooHigh = site.postJson(
                    "/api/jobs",
                    SiteJson.lenient()
                            .writeValueAsString(Jobs.request(site.client(), scene, "1", povray(), Where.LOCAL)
                                    .withPriority(101)));
            assertThat(tooHigh.statusCode()).isEqualTo(400);
            assertThat(tooHigh.body()).contains("'priority' must be 0..100 (higher renders first), got 101");

            JobView job = Jobs.submit(site.client(), scene, "1", povray());
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> site.client().job(job.id()).state().isFinal());
            assertThat(site.client().job(job.id()).priority()).isEqualTo(50);
            var finished = site.postJson("/api/jobs/" + job.id() + "/priority", "{\"priority\": 70}");
            assertThat(finished.statusCode()).isEqualTo(409);
            assertThat(site.postJson("/api/jobs/" + job.id() + "/priority", "{\"priority\": -1}")
                            .statusCode())
                    .isEqualTo(400);
            assertThat(site.postJson("/api/jobs/" + job.id() + "/priority", "{}")
                            .statusCode())
                    .isEqualTo(400);
        }
    }
}
