package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients submitting at the same moment, some with a scene the site refuses after laying its files out: every
 * answer is 201 or 422 (never a 500), every accepted job has an id of its own and its files, the refused ones leave
 * no folder, and every accepted job renders (real POV-Ray, one 16 x 12 frame each).
 */
class SubmitRaceTest {
    private static final int SUBMITS = 200;
    private static final int EVERY_NTH_REFUSED = 4;

    @TempDir
    Path dir;

    @Test
    void shouldGiveEveryAcceptedJobItsOwnIdAndFilesWhenManySubmitsRaceWithRefusals() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path good = TestScenes.povScene(dir.resolve("good"), "shot", 16, 12);
        Path bad = Files.writeString(
                Files.createDirectories(dir.resolve("bad")).resolve("shot.pov"),
                "// renderfarm: width=0\nsphere { 0, 1 pigment { rgb 1 } }\n");
        Path data = dir.resolve("data");
        try (InProcessSite site = InProcessSite.start(SiteConfig.builder()
                .name("race")
                .dataDir(data)
                .slots(2)
                .maxFileBytes(1 << 20)
                .build())) {
            SiteClient client = site.client();
            String goodJob = submitBody(client, good);
            String badJob = submitBody(client, bad);
            ExecutorService threads = Executors.newFixedThreadPool(SUBMITS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < SUBMITS; i++) {
                String body = i % EVERY_NTH_REFUSED == 0 ? badJob : goodJob;
                answers.add(threads.submit(() -> {
                    go.await();
                    return site.postJson("/api/jobs", body);
                }));
            }
            go.countDown();
            List<String> accepted = new ArrayList<>();
            int refused = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(2, TimeUnit.MINUTES);
                assertThat(response.statusCode()).as(response.body()).isIn(201, 422);
                if (response.statusCode() == 201) {
                    accepted.add(SiteJson.lenient()
                            .readValue(response.body(), JobView.class)
                            .id());
                } else {
                    refused++;
                }
            }
            threads.shutdown();

            assertThat(refused).isEqualTo(SUBMITS / EVERY_NTH_REFUSED);
            assertThat(accepted).hasSize(SUBMITS - refused).doesNotHaveDuplicates();
            try (Stream<Path> folders = Files.list(data.resolve("jobs"))) {
                assertThat(folders.map(p -> p.getFileName().toString()).toList())
                        .as("one folder per accepted job, none left by a refused one")
                        .containsExactlyInAnyOrderElementsOf(accepted);
            }
            for (String id : accepted) {
                assertThat(data.resolve("jobs").resolve(id).resolve("files/shot.pov"))
                        .exists();
                assertThat(data.resolve("jobs").resolve(id).resolve("files/inc/rf_colors.inc"))
                        .exists();
            }
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.jobs().jobs().stream()
                            .allMatch(j -> j.state().isFinal()));
            for (String id : accepted) {
                JobView job = client.job(id);
                assertThat(job.state()).as(id + ": " + job.reason()).isEqualTo(JobState.SUCCEEDED);
                assertThat(client.frames(id).frames())
                        .singleElement()
                        .satisfies(f -> assertThat(data.resolve("jobs")
                                        .resolve(id)
                                        .resolve("out")
                                        .resolve(f.file()))
                                .exists());
            }
        }
    }

    /** Uploads the scene's folder and returns the JSON of a one-frame POV-Ray submit of it. */
    private static String submitBody(SiteClient client, Path scene) throws Exception {
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        return SiteJson.lenient()
                .writeValueAsString(new SubmitRequest(
                        null,
                        bundle.scene(),
                        bundle.entries(),
                        "1",
                        SiteJson.lenient()
                                .readTree("{\"renderer\":\"povray\",\"retries\":0,\"preview\":{\"enabled\":false}}"),
                        null,
                        Where.LOCAL));
    }
}
