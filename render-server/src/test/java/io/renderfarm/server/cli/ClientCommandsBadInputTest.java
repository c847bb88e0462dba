package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.badinput.SiteState;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.SiteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input to the site client commands ({@code submit}, {@code status}, {@code cancel}) against a site that
 * holds a finished job: each is refused with one line naming the problem and the documented exit code (2 for
 * refused input, 1 when the site refused or cannot be reached), {@code --out} is not created, and nothing the site
 * stores changes — not its database, not its files, not its content store.
 */
class ClientCommandsBadInputTest {
    @TempDir
    static Path dir;

    private static SiteServer site;
    private static Path data;
    private static Path scene;
    private static String job;

    @BeforeAll
    static void siteWithAFinishedJob() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        data = dir.resolve("data");
        site = SiteServer.start(
                SiteConfig.builder()
                        .name("cli-bad-input")
                        .dataDir(data)
                        .maxFileBytes(1024 * 1024)
                        .build(),
                new CapabilityProbe().probe(Renderers.all()));
        SiteClient client = new SiteClient(site.uri(), null);
        scene = TestScenes.povScene(dir.resolve("scene"), "shot");
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        job = client.submit(new SubmitRequest(
                        null,
                        bundle.scene(),
                        bundle.entries(),
                        "1",
                        SiteJson.lenient().readTree("{\"renderer\":\"povray\",\"preview\":{\"enabled\":false}}"),
                        null,
                        Where.LOCAL))
                .id();
        await().atMost(Duration.ofMinutes(1)).until(() -> client.job(job).state() == JobState.SUCCEEDED);
        TestScenes.povScene(dir.resolve("unicode"), "bäll");
        Files.createDirectories(dir.resolve("fake"));
        Files.writeString(dir.resolve("fake/fake.blend"), "plain text, not a Blender file\n");
        Files.writeString(dir.resolve("unknown-field.json"), "{\"renderer\":\"povray\",\"retrys\":2}");
        Files.writeString(dir.resolve("broken.json"), "{\"renderer\":\"povray\",");
        Files.createDirectories(dir.resolve("scene-folder.pov"));
        TestScenes.povScene(dir.resolve("linked"), "shot");
        Files.createSymbolicLink(dir.resolve("linked/k"), dir.resolve("unknown-field.json"));
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    static Stream<Arguments> badCommands() {
        String s = "{site}";
        List<Arguments> cases = new ArrayList<>();
        // submit: refused here before anything is sent (exit 2)
        cases.add(submit("scene missing", 2, "scene not found", "{dir}/scene/nope.pov", "--frames", "1"));
        cases.add(submit("scene is a folder", 2, "scene not found", "{dir}/scene-folder.pov", "--frames", "1"));
        cases.add(submit("scene is not a scene", 2, "is not a .blend file", "{dir}/fake/fake.blend", "--frames", "1"));
        cases.add(submit("scene path POV-Ray cannot open", 2, "non-ASCII", "{dir}/unicode/bäll.pov", "--frames", "1"));
        cases.add(submit("frames not a number", 2, "bad --frames", "{scene}", "--frames", "1-x"));
        cases.add(submit("frames over the limit", 2, "more than the 1000000", "{scene}", "--frames", "0-2000000"));
        cases.add(submit("frames reversed", 2, "reversed", "{scene}", "--frames", "10-1"));
        cases.add(submit(
                "unknown renderer", 2, "unknown renderer 'maya'", "{scene}", "--frames", "1", "--renderer", "maya"));
        cases.add(submit("unknown where", 2, "where must be", "{scene}", "--frames", "1", "--where", "mars"));
        cases.add(submit("negative chunk", 2, "chunk size", "{scene}", "--frames", "1", "--chunk", "-1"));
        cases.add(submit(
                "profile file missing",
                2,
                "profile file not found",
                "{scene}",
                "--frames",
                "1",
                "--profile",
                "{dir}/none.json"));
        cases.add(submit(
                "profile with a typo",
                2,
                "retrys",
                "{scene}",
                "--frames",
                "1",
                "--profile",
                "{dir}/unknown-field.json"));
        cases.add(
                submit("profile not JSON", 2, "profile", "{scene}", "--frames", "1", "--profile", "{dir}/broken.json"));
        cases.add(submit(
                "asset outside the scene's folder",
                2,
                "outside the scene's folder",
                "{scene}",
                "--frames",
                "1",
                "--asset",
                "../unknown-field.json"));
        cases.add(submit(
                "absolute asset",
                2,
                "outside the scene's folder",
                "{scene}",
                "--frames",
                "1",
                "--asset",
                "/etc/passwd"));
        cases.add(submit(
                "asset missing", 2, "asset not found", "{scene}", "--frames", "1", "--asset", "textures/none.png"));
        cases.add(submit(
                "a link out of the scene's folder",
                2,
                "the link k leads outside the scene's folder",
                "{dir}/linked/shot.pov",
                "--frames",
                "1"));
        cases.add(submit("prefix leaving the folder", 2, "prefix", "{scene}", "--frames", "1", "--name", "../evil_"));
        cases.add(submit(
                "unknown format",
                2,
                "--format: unknown format 'webp'",
                "{scene}",
                "--frames",
                "1",
                "--format",
                "webp"));
        cases.add(submit(
                "EXR codec with a PNG format",
                2,
                "--exr-codec: exrCodec 'piz' needs format exr",
                "{scene}",
                "--frames",
                "1",
                "--format",
                "png",
                "--exr-codec",
                "piz"));
        cases.add(submit(
                "priority over 100", 2, "--priority must be 0..100", "{scene}", "--frames", "1", "--priority", "101"));
        cases.add(submit("priority not a number", 2, "--priority", "{scene}", "--frames", "1", "--priority", "high"));
        cases.add(Arguments.of(
                "submit: site not http",
                2,
                "http://",
                List.of("submit", "{scene}", "--site", "ftp://x", "--frames", "1", "--out", "{out}")));
        cases.add(Arguments.of(
                "submit: site not a URL",
                2,
                "bad --site",
                List.of("submit", "{scene}", "--site", "not a url", "--frames", "1", "--out", "{out}")));
        cases.add(Arguments.of(
                "submit: no --frames", 2, "--frames", List.of("submit", "{scene}", "--site", s, "--out", "{out}")));
        // submit: refused by the site (the scene's folder is on the site already, so no content is sent; where=remote
        // without a remote site is exit 1: no fault of the input)
        cases.add(submit("frames over the site's limit", 2, "1..100000", "{scene}", "--frames", "1-200000"));
        cases.add(submit(
                "where=remote on a site without remote sites",
                1,
                "no remote site is configured",
                "{scene}",
                "--frames",
                "1",
                "--where",
                "remote"));
        // submit: the site cannot be reached
        cases.add(Arguments.of(
                "submit: nothing listens there",
                1,
                "cannot reach the site",
                List.of("submit", "{scene}", "--site", "http://127.0.0.1:1", "--frames", "1", "--out", "{out}")));
        // status and cancel
        cases.add(Arguments.of(
                "status: unknown job", 1, "no job", List.of("status", "20990101-000000-zzz", "--site", s)));
        cases.add(Arguments.of(
                "status: traversal as a job id",
                2,
                "is not a job id",
                List.of("status", "../../site.db", "--site", s)));
        cases.add(Arguments.of("status: empty job id", 2, "'' is not a job id", List.of("status", "", "--site", s)));
        cases.add(
                Arguments.of("status: site not http", 2, "http://", List.of("status", "--site", "file:///etc/passwd")));
        cases.add(Arguments.of("status: empty --site", 2, "bad --site", List.of("status", "--site", "")));
        cases.add(Arguments.of(
                "cancel: unknown job", 1, "no job", List.of("cancel", "20990101-000000-zzz", "--site", s)));
        cases.add(Arguments.of(
                "cancel: job id with a slash", 2, "is not a job id", List.of("cancel", "{job}/../x", "--site", s)));
        cases.add(Arguments.of("cancel: empty job id", 2, "'' is not a job id", List.of("cancel", "", "--site", s)));
        cases.add(Arguments.of(
                "cancel: reason over two lines",
                1,
                "reason",
                List.of("cancel", "{job}", "--site", s, "--reason", "one\ntwo")));
        cases.add(Arguments.of("cancel: no job id", 2, "JOB", List.of("cancel", "--site", s)));
        cases.add(Arguments.of(
                "cancel: --wait not a number", 2, "--wait", List.of("cancel", "{job}", "--site", s, "--wait", "soon")));
        return cases.stream();
    }

    private static Arguments submit(String what, int exit, String message, String sceneArg, String... more) {
        List<String> args = new ArrayList<>(List.of("submit", sceneArg, "--site", "{site}", "--out", "{out}"));
        args.addAll(List.of(more));
        return Arguments.of("submit: " + what, exit, message, args);
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @MethodSource("badCommands")
    void shouldRefuseWithOneClearLineAndChangeNothingStored(String what, int exit, String message, List<String> args)
            throws Exception {
        SiteState before = SiteState.of(data);
        Path out = dir.resolve("out-" + Integer.toHexString(what.hashCode()));
        String[] argv = args.stream()
                .map(a -> a.replace("{site}", site.uri().toString())
                        .replace("{dir}", dir.toString())
                        .replace("{scene}", scene.toString())
                        .replace("{out}", out.toString())
                        .replace("{job}", job))
                .toArray(String[]::new);

        CliRun run = CliRun.of(argv);

        assertThat(run.exitCode).as(run.err).isEqualTo(exit);
        assertThat(run.err)
                .contains(message)
                .startsWith("renderfarm: ")
                .doesNotContain("Exception", "\tat ", "site answered");
        assertThat(run.err.lines().filter(line -> !line.startsWith("renderfarm: sent ")))
                .as("the refusal")
                .hasSize(1);
        assertThat(out).as("--out is not created for refused input").doesNotExist();
        assertThat(SiteState.of(data)).as("stored data after: " + what).isEqualTo(before);
        assertThat(new SiteClient(site.uri(), null).jobs().jobs())
                .hasSize(1)
                .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.SUCCEEDED));
    }
}
