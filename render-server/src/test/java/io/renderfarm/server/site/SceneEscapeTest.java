package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's jobs against each other: a POV-Ray scene that tries to overwrite another job's verified frame, or to
 * write outside its job, is refused by the renderer sandbox and the other job's frame is served unchanged; a frame
 * changed on disk behind the site's back is never served; a job may ask for Blender scene scripts only on a site
 * whose operator allowed them.
 */
class SceneEscapeTest {
    private static final String POVRAY = "{\"renderer\":\"povray\",\"retries\":0,\"preview\":{\"enabled\":false}}";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASceneWritingIntoAnotherJobsFolderAndServeThatJobsFrameUnchanged() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path data = dir.resolve("data");
        try (InProcessSite site = InProcessSite.start(data)) {
            SiteClient client = site.client();
            JobView victim = finished(
                    client,
                    Jobs.submit(
                            client,
                            TestScenes.povScene(dir.resolve("victim"), "shot", 16, 12),
                            "1",
                            SiteJson.lenient().readTree(POVRAY)));
            FrameView frame = client.frames(victim.id()).frames().get(0);
            Path stored =
                    data.resolve("jobs").resolve(victim.id()).resolve("out").resolve(frame.file());
            Path tmpFile = Path.of("/tmp", "rf-escape-" + UUID.randomUUID());
            Path attacker = Files.createDirectories(dir.resolve("attacker")).resolve("attack.pov");
            Files.writeString(
                    attacker,
                    "// renderfarm: width=16 height=12\n#version 3.7;\n"
                            + "#fopen T \"" + tmpFile + "\" write\n#fclose T\n"
                            + "#fopen F \"" + stored + "\" write\n#write (F, \"not a frame\")\n#fclose F\n"
                            + "camera { location -3*z look_at 0 }\nsphere { 0, 1 pigment { rgb 1 } }\n");

            JobView attack = finished(
                    client,
                    Jobs.submit(client, attacker, "1", SiteJson.lenient().readTree(POVRAY)));

            assertThat(attack.state()).isEqualTo(JobState.FAILED);
            assertThat(attack.reason()).contains("Cannot open user file");
            assertThat(tmpFile).doesNotExist();
            assertThat(FrameVerifier.sha256(stored)).isEqualTo(frame.sha256());
            HttpResponse<String> served = site.get("/api/jobs/" + victim.id() + "/frames/1");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("ETag")).hasValue("\"" + frame.sha256() + "\"");
        }
    }

    @Test
    void shouldNotServeAStoredFrameThatNoLongerMatchesItsChecksum() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path data = dir.resolve("data");
        try (InProcessSite site = InProcessSite.start(data)) {
            SiteClient client = site.client();
            JobView job = finished(
                    client,
                    Jobs.submit(
                            client,
                            TestScenes.povScene(dir.resolve("scene"), "shot", 16, 12),
                            "1-2",
                            SiteJson.lenient().readTree(POVRAY)));
            FrameView first = client.frames(job.id()).frames().get(0);
            Path stored = data.resolve("jobs").resolve(job.id()).resolve("out").resolve(first.file());
            byte[] png = Files.readAllBytes(stored);
            png[png.length - 20] ^= 0x55; // a damaged block, or anything that wrote over the verified frame
            Files.write(stored, png);

            HttpResponse<String> frame = site.get("/api/jobs/" + job.id() + "/frames/" + first.frame());
            HttpResponse<String> zip = site.get("/api/jobs/" + job.id() + "/frames.zip");
            HttpResponse<String> other = site.get("/api/jobs/" + job.id() + "/frames/2");

            assertThat(frame.statusCode()).isEqualTo(500);
            assertThat(detail(frame))
                    .startsWith("frame " + first.frame() + " of job " + job.id())
                    .contains("not served");
            assertThat(frame.headers().firstValue("ETag")).isEmpty();
            assertThat(zip.statusCode()).isEqualTo(500);
            assertThat(detail(zip)).startsWith("frame " + first.frame() + " of job " + job.id());
            assertThat(other.statusCode()).as("an intact frame is still served").isEqualTo(200);
        }
    }

    @Test
    void shouldAcceptSceneScriptsOnlyOnASiteWhoseOperatorAllowsThem() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot", 16, 12);
        JsonNode asking = SiteJson.lenient().readTree(POVRAY.replaceFirst("\\{", "{\"allowScripts\":true,"));
        try (InProcessSite strict = InProcessSite.start(dir.resolve("strict"))) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> Jobs.submit(strict.client(), scene, "1", asking));

            assertThat(refused)
                    .hasMessageContaining("does not run the scripts scenes carry")
                    .hasMessageContaining("serve --allow-scripts");
            assertThat(strict.client().jobs().jobs()).isEmpty();
        }
        try (InProcessSite permissive = InProcessSite.start(SiteConfig.builder()
                .name("scripts")
                .dataDir(dir.resolve("permissive"))
                .maxFileBytes(1 << 20)
                .allowScripts(true)
                .build())) {
            JobView job = Jobs.submit(permissive.client(), scene, "1", asking);

            assertThat(job.profile().get("allowScripts").asBoolean()).isTrue();
        }
    }

    private static JobView finished(SiteClient client, JobView job) {
        return await().atMost(Duration.ofMinutes(1))
                .until(() -> client.job(job.id()), j -> j.state().isFinal());
    }

    private static String detail(HttpResponse<String> response) throws Exception {
        return SiteJson.lenient().readTree(response.body()).get("detail").asText();
    }
}
