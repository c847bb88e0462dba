package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.testing.TestScenes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security of a real {@code serve} process: loopback only by default, no listening beyond it without a token, the
 * token required on every API call, neither the token nor a wrong one a client tried ever written to the site's
 * log, its database, its stored events or the client's output, and the token never in a renderer's environment.
 */
class SecretsAndBindingTest {
    @TempDir
    Path dir;

    private static String secret(String prefix) {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    @Test
    void shouldListenOnLoopbackOnlyByDefault() throws Exception {
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 1, 0, Map.of())) {
            assertThat(site.uri().getHost()).isEqualTo("127.0.0.1");
            // The kernel's table of listening sockets: the site's port is bound to 127.0.0.1 only.
            String port = String.format(Locale.ROOT, "%04X", site.uri().getPort());
            List<String> listening = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path file = Path.of(table);
                if (Files.isReadable(file)) {
                    Files.readAllLines(file).stream()
                            .skip(1)
                            .map(String::strip)
                            .map(l -> l.split("\\s+"))
                            .filter(f -> f[1].endsWith(":" + port) && f[3].equals("0A"))
                            .forEach(f -> listening.add(f[1]));
                }
            }
            // IPv4 127.0.0.1, or the same as an IPv4-mapped IPv6 address (::ffff:127.0.0.1); never a wildcard
            assertThat(listening)
                    .isNotEmpty()
                    .allSatisfy(address ->
                            assertThat(address).isIn("0100007F:" + port, "0000000000000000FFFF00000100007F:" + port));
        }
    }

    @Test
    void shouldRefuseToServeBeyondLoopbackWithoutATokenOrWithAWeakOne() throws Exception {
        CliProcess open = CliProcess.run(
                dir,
                Duration.ofSeconds(60),
                "serve",
                "--bind",
                "0.0.0.0",
                "--port",
                "0",
                "--data",
                dir.resolve("d1").toString());
        CliProcess weak = CliProcess.run(
                dir,
                Duration.ofSeconds(60),
                "serve",
                "--bind",
                "0.0.0.0",
                "--port",
                "0",
                "--data",
                dir.resolve("d2").toString(),
                "--token",
                "short");

        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.stderr()).contains("refusing to listen on 0.0.0.0 without a token");
        assertThat(open.stdout()).doesNotContain("listening");
        assertThat(weak.exitCode()).isEqualTo(2);
        assertThat(weak.stderr()).contains("at least 16 characters");
        assertThat(weak.stdout()).doesNotContain("listening");
    }

    @Test
    void shouldNeverWriteTheTokenOrAWrongOneToLogsEventsOrTheDatabase() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        String token = secret("tok-");
        String wrong = secret("wrong-");
        Path data = dir.resolve("data");
        Path scene = TestScenes.povScene(dir.resolve("scene"), "secret");
        Path out = dir.resolve("out");
        List<String> clientOutput = new ArrayList<>();
        try (ServeProcess site = ServeProcess.start(data, 1, 0, Map.of("RENDERFARM_TOKEN", token))) {
            HttpClient http = HttpClient.newHttpClient();
            URI api = URI.create(site.uri() + "/api/jobs");
            int none = http.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            int bad = http.send(
                            HttpRequest.newBuilder(api)
                                    .header("Authorization", "Bearer " + wrong)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(site.uri() + "/api/session"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + wrong + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            CliProcess refused = CliProcess.start(
                    dir,
                    Map.of("RENDERFARM_TOKEN", wrong),
                    "status",
                    "--site",
                    site.uri().toString());
            refused.waitFor(Duration.ofSeconds(60));
            CliProcess submit = CliProcess.start(
                    dir,
                    Map.of("RENDERFARM_TOKEN", token),
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
            submit.waitFor(Duration.ofSeconds(90));
            SiteClient client = site.client(token);
            String id = client.jobs().jobs().get(0).id();
            SiteJobs.Watch events = new SiteJobs.Watch(client, id);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events.saw("job-finished"));

            assertThat(none).isEqualTo(401);
            assertThat(bad).isEqualTo(401);
            assertThat(login.statusCode()).isEqualTo(401);
            assertThat(login.body()).doesNotContain(wrong);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).contains("401").doesNotContain(wrong);
            assertThat(submit.exitCode()).as(submit.stderr()).isZero();
            assertThat(events.events.toString()).doesNotContain(token).doesNotContain(wrong);
            assertThat(client.job(id).toString()).doesNotContain(token);
            clientOutput.addAll(List.of(refused.stdout(), refused.stderr(), submit.stdout(), submit.stderr()));
            site.close(); // a clean stop logs too
            clientOutput.add(site.output());
        }
        for (String text : clientOutput) {
            assertThat(text).doesNotContain(token).doesNotContain(wrong);
        }
        assertNoFileContains(data, token, wrong);
        assertNoFileContains(out, token, wrong);
    }

    @Test
    void shouldTellAClientWithoutTheTokenWhatIsMissingWithoutEchoingIt() throws Exception {
        String token = secret("tok-");
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 1, 0, Map.of("RENDERFARM_TOKEN", token))) {
            SiteException e = org.junit.jupiter.api.Assertions.assertThrows(
                    SiteException.class, () -> site.client(token + "x").jobs());

            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("Authorization: Bearer").doesNotContain(token);
        }
    }

    @Test
    void shouldKeepTheTokenOutOfEveryRenderersEnvironmentWhileBlenderStillRenders() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        String token = secret("tok-");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "env", 1, 4, 64, 48, 8);
        Map<String, String> env = Map.of(
                "RENDERFARM_TOKEN",
                token,
                "STUDIO_SECRET",
                "studio-" + token,
                "LC_MEASUREMENT",
                "C",
                "RENDERFARM_RENDERER_ENV",
                "STUDIO_LICENSE",
                "STUDIO_LICENSE",
                "27000@lic");
        try (ServeProcess site = ServeProcess.start(dir.resolve("data"), 1, 0, env)) {
            SiteClient client = site.client(token);
            String id = SiteJobs.submit(
                            client,
                            scene,
                            "1-4",
                            SiteJobs.profile(
                                    "{\"renderer\":\"blender\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}"))
                    .id();
            ProcessHandle blender = org.awaitility.Awaitility.await()
                    .atMost(Duration.ofMinutes(1))
                    .until(site::renderer, Optional::isPresent)
                    .get();
            Map<String, String> seen = environment(blender);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> client.job(id).state().isFinal());

            assertThat(seen)
                    .isNotEmpty()
                    .doesNotContainKeys("RENDERFARM_TOKEN", "STUDIO_SECRET", "RENDERFARM_RENDERER_ENV")
                    .containsKeys("PATH", "TMPDIR", "LC_MEASUREMENT")
                    .containsEntry("STUDIO_LICENSE", "27000@lic");
            assertThat(String.join("\n", seen.values())).doesNotContain(token);
            assertThat(client.job(id).state()).as(client.job(id).reason()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    /** A process's environment as the kernel shows it ({@code /proc/<pid>/environ}). */
    private static Map<String, String> environment(ProcessHandle process) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        String raw = new String(
                Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ")), StandardCharsets.UTF_8);
        for (String entry : raw.split("\u0000")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Every byte of every file under {@code root} (the SQLite database and its WAL included) is searched. */
    private static void assertNoFileContains(Path root, String... secrets) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertThat(text).as("%s holds a secret", f).doesNotContain(s);
                }
            }
        }
    }
}
