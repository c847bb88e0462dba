package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.SiteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit} and {@code demo} into an {@code --out} that already holds verified frames, as {@code render}
 * does: those frames are kept as they are (same file, not rewritten) and only the others are rendered; with none
 * missing, nothing is sent.
 */
class HeldFramesCliTest {
    @TempDir
    Path dir;

    @Test
    void shouldSubmitOnlyTheFramesOutDoesNotHoldVerified() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot", 32, 24);
        Path out = dir.resolve("out");
        try (SiteServer site = SiteServer.start(
                SiteConfig.builder()
                        .name("held")
                        .dataDir(dir.resolve("data"))
                        .maxFileBytes(1 << 20)
                        .build(),
                new CapabilityProbe().probe(Renderers.all()))) {
            String[] submit = {
                "submit",
                scene.toString(),
                "--site",
                site.uri().toString(),
                "--frames",
                "1-4",
                "--out",
                out.toString(),
                "--no-preview",
                "--json"
            };
            CliRun first = CliRun.of(submit);
            assertThat(first.exitCode).as(first.err).isZero();
            Files.delete(out.resolve("shot_0003.png"));
            Map<Path, Object> kept = identities(out, "shot_0001.png", "shot_0002.png", "shot_0004.png");

            CliRun second = CliRun.of(submit);
            CliRun third = CliRun.of(submit);

            assertThat(second.exitCode).as(second.err).isZero();
            assertThat(second.err)
                    .contains("3 frame(s) are in " + out + " already, verified: kept; rendering the other 1 (3)");
            assertThat(second.events(JobEvent.JobStarted.class))
                    .singleElement()
                    .satisfies(e -> assertThat(e.frames()).isEqualTo("3"));
            assertThat(second.events(JobEvent.FrameDone.class))
                    .extracting(e -> e.frame())
                    .containsExactly(3);
            assertThat(out.resolve("shot_0003.png")).exists();
            assertThat(identities(out, "shot_0001.png", "shot_0002.png", "shot_0004.png"))
                    .as("not rewritten")
                    .isEqualTo(kept);
            assertThat(third.exitCode).as(third.err).isZero();
            assertThat(third.err).contains("all 4 frame(s) are in " + out + " already, verified: nothing to render");
            assertThat(third.out).isEmpty();
            assertThat(new SiteClient(site.uri(), null).jobs().jobs())
                    .as("the third sent nothing")
                    .hasSize(2);
        }
    }

    @Test
    void shouldSubmitAgainTheFramesOutHoldsInAnotherFormatThanAsked() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot", 32, 24);
        Path out = dir.resolve("out");
        try (SiteServer site = SiteServer.start(
                SiteConfig.builder()
                        .name("held")
                        .dataDir(dir.resolve("data"))
                        .maxFileBytes(1 << 20)
                        .build(),
                new CapabilityProbe().probe(Renderers.all()))) {
            CliRun png = CliRun.of(
                    "submit",
                    scene.toString(),
                    "--site",
                    site.uri().toString(),
                    "--frames",
                    "1-2",
                    "--out",
                    out.toString(),
                    "--no-preview",
                    "--json");
            assertThat(png.exitCode).as(png.err).isZero();

            CliRun tga = CliRun.of(
                    "submit",
                    scene.toString(),
                    "--site",
                    site.uri().toString(),
                    "--frames",
                    "1-2",
                    "--out",
                    out.toString(),
                    "--no-preview",
                    "--format",
                    "tga",
                    "--json");

            assertThat(tga.exitCode).as(tga.err).isZero();
            assertThat(tga.err).doesNotContain("already, verified");
            assertThat(tga.events(JobEvent.JobStarted.class))
                    .singleElement()
                    .satisfies(e -> assertThat(e.frames()).isEqualTo("1,2"));
            assertThat(out.resolve("shot_0001.tga")).exists();
            assertThat(out.resolve("shot_0002.tga")).exists();
        }
    }

    @Test
    void shouldDemoOnlyTheFramesOutDoesNotHoldVerified() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path out = dir.resolve("demo");
        String[] demo = {"demo", "--out", out.toString(), "--frames", "2", "--slots", "1", "--json"};
        CliRun first = CliRun.of(demo);
        assertThat(first.exitCode).as(first.err).isZero();
        Files.delete(out.resolve("demo_0002.png"));
        Map<Path, Object> kept = identities(out, "demo_0001.png");

        CliRun second = CliRun.of(demo);

        assertThat(second.exitCode).as(second.err).isZero();
        assertThat(second.err)
                .contains("1 frame(s) are in " + out.toAbsolutePath() + " already, verified: kept;"
                        + " rendering the other 1 (2)");
        assertThat(second.events(JobEvent.FrameDone.class))
                .extracting(e -> e.frame())
                .containsExactly(2);
        assertThat(identities(out, "demo_0001.png")).as("not rewritten").isEqualTo(kept);
    }

    /** Each file's inode and modification time: a frame rewritten in place or replaced by a rename changes them. */
    private static Map<Path, Object> identities(Path out, String... names) throws Exception {
        Map<Path, Object> ids = new LinkedHashMap<>();
        for (String name : names) {
            BasicFileAttributes a = Files.readAttributes(out.resolve(name), BasicFileAttributes.class);
            ids.put(out.resolve(name), List.of(a.fileKey(), a.lastModifiedTime()));
        }
        return ids;
    }
}
