package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.client.JobPrinter;
import io.renderfarm.server.faults.CliProcess;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.SiteConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit}, {@code status} and {@code cancel} as a user reads them, against a site holding a finished job:
 * the job page named on submit, a header over the job list, a cancel that had nothing to cancel saying so, the site
 * taken from {@code $RENDERFARM_SITE}, and a canceled job's unrendered frames called what they are.
 */
class ClientCommandsTest {
    @TempDir
    static Path dir;

    private static SiteServer site;
    private static Path scene;
    private static String job;

    @BeforeAll
    static void siteWithAFinishedJob() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        site = SiteServer.start(
                SiteConfig.builder()
                        .name("cli")
                        .dataDir(dir.resolve("data"))
                        .maxFileBytes(1024 * 1024)
                        .build(),
                new CapabilityProbe().probe(Renderers.all()));
        SiteClient client = new SiteClient(site.uri(), null);
        scene = TestScenes.povScene(dir.resolve("scene"), "shot", 32, 24);
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        job = client.submit(new SubmitRequest(
                        "first",
                        bundle.scene(),
                        bundle.entries(),
                        "1",
                        SiteJson.lenient().readTree("{\"renderer\":\"povray\",\"preview\":{\"enabled\":false}}"),
                        null,
                        Where.LOCAL))
                .id();
        await().atMost(Duration.ofMinutes(1)).until(() -> client.job(job).state() == JobState.SUCCEEDED);
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void shouldSayThereWasNothingToCancelForAJobThatHadEnded() {
        CliRun run = CliRun.of("cancel", job, "--site", site.uri().toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).isEqualTo("job " + job + " had already ended: nothing to cancel\nstate: SUCCEEDED\n");
    }

    @Test
    void shouldListJobsUnderAHeaderRow() {
        CliRun run = CliRun.of("status", "--site", site.uri().toString());

        assertThat(run.exitCode).as(run.err).isZero();
        List<String> lines = run.out.lines().toList();
        assertThat(lines.get(0)).matches("JOB +STATE +FRAMES +WHERE +NAME");
        assertThat(lines)
                .anySatisfy(line ->
                        assertThat(line).startsWith(job).contains("SUCCEEDED").endsWith("first"));
        assertThat(lines.get(lines.size() - 1)).matches("\\d+ job\\(s\\)");
    }

    @Test
    void shouldNameTheJobPageWhenSubmitting() {
        CliRun run = CliRun.of(
                "submit",
                scene.toString(),
                "--site",
                site.uri().toString(),
                "--frames",
                "2",
                "--out",
                dir.resolve("out-submit").toString(),
                "--no-preview",
                "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err)
                .containsPattern("renderfarm: job ([a-z0-9-]+), its page: " + site.uri() + "/job.html\\?id=\\1\n")
                .contains(
                        "renderfarm: frames go to " + dir.resolve("out-submit").toAbsolutePath() + "\n")
                .doesNotContain("where=local was asked");
    }

    @Test
    void shouldTakeTheSiteFromRenderfarmSite() throws Exception {
        CliProcess status = CliProcess.start(
                dir.resolve("env"), Map.of("RENDERFARM_SITE", site.uri().toString()), "status", job);

        assertThat(status.waitFor(Duration.ofSeconds(60))).as(status.stderr()).isZero();
        assertThat(status.stdout()).startsWith("job       " + job + " (first)").endsWith("state: SUCCEEDED\n");
    }

    @Test
    void shouldCallTheFramesACanceledJobNeverRenderedNotRendered() {
        JobView canceled = JobView.builder()
                .id("j1")
                .name("shot")
                .state(JobState.CANCELED)
                .where(Where.LOCAL)
                .decision(new Decision(Where.LOCAL, "2 local slot(s) idle", null))
                .scene("shot.pov")
                .frames("1-30")
                .total(30)
                .done(3)
                .failed("4-30")
                .renderer("povray")
                .reason("canceled from the web UI")
                .createdAt("2026-12-01T10:00:00Z")
                .finishedAt("2026-12-01T10:01:00Z")
                .runs(1)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        JobPrinter.print(canceled, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("frames    3 of 30 done; 4-30 not rendered: canceled\n")
                .doesNotContain("failed");
    }
}
