package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.faults.ServeProcess;
import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code renderfarm serve} process on loopback, real Blender renders, and the real CLI as separate
 * processes: submit with samples before frames, frames brought back verified, status, cancel from the client
 * (Ctrl-C), from the API and from the cancel command, and no re-upload of a scene and textures the site holds.
 */
class SiteRenderTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static ServeProcess site;
    private static SiteClient client;

    @BeforeAll
    static void startSite() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        site = ServeProcess.start(dir.resolve("data"), 2);
        client = site.client();
    }

    @AfterAll
    static void stopSite() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    private static String url() {
        return site.uri().toString();
    }

    @Test
    void shouldRenderASubmittedSceneWithSamplesBeforeFramesAndBringBackVerifiedFrames() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s1"), "shot", 1, 6, 64, 48, 4);
        Path out = dir.resolve("out1");

        Cli submit = Cli.run(
                dir,
                180,
                "submit",
                scene.toString(),
                "--site",
                url(),
                "--frames",
                "1-6",
                "--out",
                out.toString(),
                "--json",
                "--chunk",
                "1");
        List<JsonNode> events = submit.stdoutLines().stream().map(Json::parse).toList();
        String jobId = events.get(0).get("job").asText();
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();

        assertThat(submit.exitCode()).as(submit.stderr()).isZero();
        assertThat(types.get(0)).isEqualTo("job-started");
        assertThat(client.job(jobId).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(types.indexOf("sample")).isLessThan(types.indexOf("frame-done"));
        assertThat(events.get(types.indexOf("sample")).get("kind").asText()).isEqualTo("preview");
        assertThat(types.get(types.size() - 1)).isEqualTo("job-finished");
        assertThat(events)
                .filteredOn(e -> e.get("type").asText().equals("frame-done"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("width").asInt()).isEqualTo(64))
                .allSatisfy(e -> assertThat(e.get("height").asInt()).isEqualTo(48));
        for (FrameView frame : client.frames(jobId).frames()) {
            Path local = out.resolve(frame.file());
            assertThat(frame.done()).isTrue();
            assertThat(frame.width()).as("the site verified the image").isEqualTo(64);
            assertThat(frame.height()).isEqualTo(48);
            assertThat(FrameVerifier.sha256(local)).isEqualTo(frame.sha256());
            assertThat(new FrameVerifier().verify(local).width()).isEqualTo(64);
        }
        assertThat(out.resolve("samples/contact-sheet.png")).exists();
        List<String> status = Cli.run(dir, 30, "status", jobId, "--site", url()).stdoutLines();
        assertThat(status.get(status.size() - 1)).isEqualTo("state: SUCCEEDED");
    }

    @Test
    void shouldRenderAnOpenExrMultilayerSceneIntoVerifiedExrFramesServedInTheirFormatWithAMovie() throws Exception {
        assumeTrue(Ffprobe.present(), "needs ffmpeg");
        Path scene = TestScenes.blenderScene(dir.resolve("exr"), "ml", 1, 3, 48, 32, 1, EXR_MULTILAYER);
        Path out = dir.resolve("out-exr");

        Cli submit = Cli.run(
                dir,
                180,
                "submit",
                scene.toString(),
                "--site",
                url(),
                "--frames",
                "1-3",
                "--out",
                out.toString(),
                "--json",
                "--chunk",
                "1");
        List<JsonNode> events = submit.stdoutLines().stream().map(Json::parse).toList();
        String jobId = events.get(0).get("job").asText();

        assertThat(submit.exitCode()).as(submit.stderr()).isZero();
        for (FrameView frame : client.frames(jobId).frames()) {
            assertThat(frame.file()).isEqualTo(String.format("ml_%03d.exr", frame.frame()));
            Path local = out.resolve(frame.file());
            assertThat(FrameVerifier.sha256(local)).isEqualTo(frame.sha256());
            assertThat(new FrameVerifier().verifyAndDecode(local).exr().colourLayer())
                    .isEqualTo("ViewLayer.Combined");
            assertThat(out.resolve(String.format("samples/thumb_ml_%03d.png", frame.frame())))
                    .isRegularFile();
        }
        HttpResponse<byte[]> exr = get("/api/jobs/" + jobId + "/frames/1");
        assertThat(exr.headers().firstValue("Content-Type")).hasValue("image/x-exr");
        assertThat(exr.body()).startsWith((byte) 0x76, (byte) 0x2f, (byte) 0x31, (byte) 0x01);
        assertThat(get("/api/jobs/" + jobId + "/samples/preview.mp4").headers().firstValue("Content-Type"))
                .hasValue("video/mp4");
        assertThat(client.job(jobId).links()).containsEntry("movie", "/api/jobs/" + jobId + "/samples/preview.mp4");
        assertThat(Ffprobe.frames(out.resolve("samples/preview.mp4")))
                .as("every frame, brought back")
                .isEqualTo(3);
        assertThat(events)
                .filteredOn(e -> "progress".equals(e.get("type").asText()))
                .anyMatch(e -> e.has("eta"));
    }

    @Test
    void shouldMakeTheMovieAtTheScenesFrameRateAndTakeAnEmptyFileOfTheScenesFolder() throws Exception {
        assumeTrue(Ffprobe.present(), "needs ffmpeg");
        Path scene = TestScenes.blenderScene(
                dir.resolve("fps12"), "slow", 1, 2, 48, 32, 1, new TestScenes.Output("PNG", "", "", "", 12));
        Files.writeString(scene.resolveSibling("notes.txt"), "");
        Path out = dir.resolve("out-fps12");

        Cli submit = Cli.run(
                dir, 180, "submit", scene.toString(), "--site", url(), "--frames", "1-2", "--out", out.toString());

        assertThat(submit.exitCode()).as(submit.stderr()).isZero();
        assertThat(Ffprobe.videoStream(out.resolve("samples/preview.mp4")))
                .as("the site's movie plays at the 12 fps the scene says, through every farm the site wraps")
                .contains(",12/1,");
    }

    static final TestScenes.Output EXR_MULTILAYER =
            new TestScenes.Output("OPEN_EXR_MULTILAYER", "16", "ZIP", "//render/ml_###", 24);

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(site.uri().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void shouldCancelTheJobOnTheSiteWhenTheClientGetsCtrlC() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s2"), "long", 1, 40, 160, 120, 64);

        Cli submit = Cli.start(
                dir,
                "submit",
                scene.toString(),
                "--site",
                url(),
                "--frames",
                "1-40",
                "--out",
                dir.resolve("out2").toString(),
                "--json",
                "--chunk",
                "1");
        await().atMost(JOB_TIMEOUT).until(() -> submit.stdout().contains("\"type\":\"sample\""));
        submit.interrupt();
        int exit = submit.waitFor(60);
        String jobId = Json.parse(submit.stdoutLines().get(0)).get("job").asText();
        List<JobEvent> events = Jobs.events(client, jobId, JOB_TIMEOUT);

        assertThat(exit).isEqualTo(130);
        assertThat(client.job(jobId).state()).isEqualTo(JobState.CANCELED);
        assertThat(Jobs.ofType(events, JobEvent.Canceled.class))
                .first()
                .satisfies(e -> assertThat(e.reason()).contains("Ctrl-C"));
        assertThat(submit.stdoutLines().get(submit.stdoutLines().size() - 1)).contains("\"state\":\"CANCELED\"");
    }

    @Test
    void shouldCancelThroughTheApiKeepingTheFramesAlreadyDone() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s3"), "long", 1, 40, 160, 120, 64);
        JobView job = Jobs.submit(client, scene, "1-40", Jobs.blenderProfile(0));
        await().atMost(JOB_TIMEOUT).until(() -> client.job(job.id()).done() >= 1);

        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(site.uri().resolve("/api/jobs/" + job.id() + "/cancel"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"stop it\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<JobEvent> events = Jobs.events(client, job.id(), JOB_TIMEOUT);
        JobView after = client.job(job.id());

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(after.state()).isEqualTo(JobState.CANCELED);
        assertThat(after.reason()).isEqualTo("stop it");
        assertThat(after.done()).isBetween(1, 39);
        assertThat(client.frames(job.id()).frames().stream()
                        .filter(FrameView::done)
                        .count())
                .isEqualTo(after.done());
        assertThat(events.get(events.size() - 1).type()).isEqualTo("job-finished");
    }

    @Test
    void shouldCancelWithTheCancelCommand() throws Exception {
        Path scene = TestScenes.blenderScene(dir.resolve("s4"), "long", 1, 40, 160, 120, 64);
        JobView job = Jobs.submit(client, scene, "1-40", Jobs.blenderProfile(0));
        await().atMost(JOB_TIMEOUT).until(() -> client.job(job.id()).state() == JobState.RUNNING);

        Cli cancel = Cli.run(dir, 90, "cancel", job.id(), "--site", url());
        List<String> lines = cancel.stdoutLines();

        assertThat(cancel.exitCode()).as(cancel.stderr()).isZero();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("state: CANCELED");
        assertThat(client.job(job.id()).reason()).isEqualTo("canceled from the command line");
    }

    @Test
    void shouldNotUploadTheSameSceneAndTexturesAgain() throws Exception {
        Path scene = TestScenes.blenderSceneWithTexture(dir.resolve("s5"), "tex", 1, 2, 64, 48, 4);

        Cli first = Cli.run(
                dir,
                120,
                "submit",
                scene.toString(),
                "--site",
                url(),
                "--frames",
                "1",
                "--no-preview",
                "--out",
                dir.resolve("out5a").toString());
        long receivedAfterFirst = client.site().storage().get("bytesReceived");
        Cli second = Cli.run(
                dir,
                120,
                "submit",
                scene.toString(),
                "--site",
                url(),
                "--frames",
                "2",
                "--no-preview",
                "--out",
                dir.resolve("out5b").toString());

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(sent(first.stderr())).isEqualTo(2); // the scene and its texture
        assertThat(sent(second.stderr())).isZero();
        assertThat(second.stderr()).contains("sent 0 file(s), 0 bytes; 2 file(s)");
        assertThat(client.site().storage().get("bytesReceived")).isEqualTo(receivedAfterFirst);
        assertThat(greenPixels(dir.resolve("out5b/tex_0002.png")))
                .as("the texture reached the site")
                .isPositive();
    }

    private static int sent(String stderr) {
        Matcher m = Pattern.compile("sent (\\d+) file\\(s\\)").matcher(stderr);
        assertThat(m.find()).as(stderr).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int greenPixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int green = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                green += g > 120 && r < 60 && b < 60 ? 1 : 0;
            }
        }
        return green;
    }

    /** Reads one JSON line. */
    static final class Json {
        private Json() {}

        static JsonNode parse(String line) {
            try {
                return SiteJson.lenient().readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
    }
}
