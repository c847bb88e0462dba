package io.renderfarm.server.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests to a site that already holds a finished job and uploaded files: each is answered with a 4xx
 * problem JSON naming what is wrong, and leaves the database and the data folder exactly as they were. These are
 * inputs {@code site.SiteProblemsTest} does not send (wrong types, odd ranges, traversal in asset names, zip-slip
 * style names, oversize bodies, bad tokens, requests about a real job that cannot apply to it).
 */
class ApiBadInputTest {
    private static final String TOKEN = "bad-input-token-0123456789";
    private static final String HEX = "c".repeat(64);

    @TempDir
    static Path dir;

    private static SiteServer site;
    private static Path data;
    private static String job;
    private static String sceneSha;
    private static String fakeSha;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void siteWithAFinishedJob() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        data = dir.resolve("data");
        site = SiteServer.start(
                SiteConfig.builder()
                        .name("bad-input")
                        .dataDir(data)
                        .token(TOKEN)
                        .maxFileBytes(1024 * 1024)
                        .build(),
                new CapabilityProbe().probe(Renderers.all()));
        SiteClient client = new SiteClient(site.uri(), TOKEN);
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot");
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        sceneSha = FrameVerifier.sha256(scene);
        job = client.submit(new SubmitRequest(
                        null,
                        bundle.scene(),
                        bundle.entries(),
                        "1-2",
                        SiteJson.lenient().readTree("{\"renderer\":\"povray\",\"preview\":{\"enabled\":false}}"),
                        null,
                        Where.LOCAL))
                .id();
        await().atMost(Duration.ofMinutes(1)).until(() -> client.job(job).state() == JobState.SUCCEEDED);
        Path fake = Files.writeString(dir.resolve("fake.blend"), "not a blend file, just text\n");
        fakeSha = FrameVerifier.sha256(fake);
        client.upload(fake, fakeSha, Files.size(fake), 0);
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    private static String file(String path, String sha, String size) {
        return "{\"path\":\"" + path + "\",\"sha256\":\"" + sha + "\",\"size\":" + size + "}";
    }

    private static String scene() {
        return file("shot.pov", "{scene}", "500");
    }

    /** A submit of shot.pov with {@code extra} fields and {@code more} file entries after the scene. */
    private static String submit(String extra, String... more) {
        String files = Stream.concat(Stream.of(scene()), Stream.of(more)).collect(Collectors.joining(","));
        return "{\"scene\":\"shot.pov\",\"files\":[" + files + "],\"frames\":\"1-2\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static Stream<Arguments> badRequests() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String manyHashes =
                IntStream.range(0, 100_001).mapToObj(i -> "\"" + HEX + "\"").collect(Collectors.joining(","));
        List<Arguments> cases = new ArrayList<>(List.of(
                // wrong types
                bad(
                        "frames is an object",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + scene() + "],\"frames\":{\"from\":1}}",
                        400,
                        "frames"),
                bad(
                        "files is an object",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":{\"shot.pov\":1},\"frames\":\"1\"}",
                        400,
                        "files"),
                bad(
                        "size is text",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "{scene}", "\"big\"")
                                + "],\"frames\":\"1\"}",
                        400,
                        "files[0].size"),
                bad(
                        "size is 2^70",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "{scene}", "1180591620717411303424")
                                + "],\"frames\":\"1\"}",
                        400,
                        "files[0].size"),
                bad(
                        "size is negative",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "{scene}", "-1")
                                + "],\"frames\":\"1\"}",
                        400,
                        "negative size"),
                bad(
                        "sha256 in upper case",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "{SCENE}", "500")
                                + "],\"frames\":\"1\"}",
                        400,
                        "SHA-256"),
                bad("body is a JSON string", "POST", "/api/jobs", "\"render it please\"", 400, "JSON object"),
                bad("JSON nested 5000 deep", "POST", "/api/jobs", deep, 400, "bad value"),
                bad(
                        "a valid job followed by garbage",
                        "POST",
                        "/api/jobs",
                        submit("") + "\u0000garbage",
                        400,
                        "more after its JSON value"),
                bad(
                        "a valid job followed by a second one",
                        "POST",
                        "/api/jobs",
                        submit("") + submit(""),
                        400,
                        "more after its JSON value"),
                // frame ranges
                bad(
                        "empty frames",
                        "POST",
                        "/api/jobs",
                        submit("").replace("\"frames\":\"1-2\"", "\"frames\":\"\""),
                        400,
                        "'frames' is required"),
                bad("reversed range", "POST", "/api/jobs", submit("").replace("1-2", "9-3"), 400, "reversed"),
                bad("negative frame", "POST", "/api/jobs", submit("").replace("1-2", "-3"), 400, "negative"),
                bad(
                        "huge frame number",
                        "POST",
                        "/api/jobs",
                        submit("").replace("1-2", "1-99999999999"),
                        400,
                        "too large"),
                bad(
                        "more frames than a site takes",
                        "POST",
                        "/api/jobs",
                        submit("").replace("1-2", "1-200000"),
                        400,
                        "1..100000"),
                bad("zero step", "POST", "/api/jobs", submit("").replace("1-2", "1-10x0"), 400, "step"),
                // profile
                bad(
                        "unknown renderer",
                        "POST",
                        "/api/jobs",
                        submit("\"profile\":{\"renderer\":\"maya\"}"),
                        400,
                        "unknown renderer 'maya'"),
                bad("profile is a string", "POST", "/api/jobs", submit("\"profile\":\"povray\""), 400, "profile"),
                bad(
                        "negative retries",
                        "POST",
                        "/api/jobs",
                        submit("\"profile\":{\"renderer\":\"povray\",\"retries\":-1}"),
                        400,
                        "retries"),
                bad(
                        "unknown preview field",
                        "POST",
                        "/api/jobs",
                        submit("\"profile\":{\"renderer\":\"povray\",\"preview\":{\"sampels\":2}}"),
                        400,
                        "sampels"),
                bad(
                        "scene scripts on a site that does not allow them",
                        "POST",
                        "/api/jobs",
                        submit("\"profile\":{\"renderer\":\"povray\",\"allowScripts\":true}"),
                        422,
                        "serve --allow-scripts"),
                // scene
                bad(
                        "scene not among the files",
                        "POST",
                        "/api/jobs",
                        submit("").replace("\"scene\":\"shot.pov\"", "\"scene\":\"other.pov\""),
                        400,
                        "'scene' must name one of the files"),
                bad(
                        "scene is not a scene",
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"fake.blend\",\"files\":[" + file("fake.blend", "{fake}", "28")
                                + "],\"frames\":\"1\"}",
                        422,
                        "is not a .blend file"),
                // names that could leave the job's folder
                bad(
                        "asset path traversal",
                        "POST",
                        "/api/jobs",
                        submit("", file("textures/../../../../etc/passwd", HEX, "1")),
                        400,
                        "'..'"),
                bad(
                        "zip-slip style asset name",
                        "POST",
                        "/api/jobs",
                        submit("", file("a/b/../../../evil.sh", HEX, "1")),
                        400,
                        "'..'"),
                bad(
                        "absolute asset path",
                        "POST",
                        "/api/jobs",
                        submit("", file("/tmp/evil.png", HEX, "1")),
                        400,
                        "relative"),
                bad(
                        "backslash traversal",
                        "POST",
                        "/api/jobs",
                        submit("", file("..\\\\..\\\\win.ini", HEX, "1")),
                        400,
                        "relative"),
                bad(
                        "NUL in a name",
                        "POST",
                        "/api/jobs",
                        submit("", file("tex\\u0000.png", HEX, "1")),
                        400,
                        "control character"),
                bad("dot segment", "POST", "/api/jobs", submit("", file("./textures/a.png", HEX, "1")), 400, "'.'"),
                bad(
                        "a name both file and folder",
                        "POST",
                        "/api/jobs",
                        submit("", file("tex", HEX, "1"), file("tex/a.png", HEX, "1")),
                        400,
                        "as a file and as a folder"),
                bad("a name twice", "POST", "/api/jobs", submit("", file("shot.pov", HEX, "1")), 400, "listed twice"),
                // other fields
                bad(
                        "prefix with a slash",
                        "POST",
                        "/api/jobs",
                        submit("\"output\":{\"prefix\":\"a/b\",\"padding\":4,\"extension\":\"png\"}"),
                        400,
                        "prefix"),
                bad(
                        "padding 10",
                        "POST",
                        "/api/jobs",
                        submit("\"output\":{\"prefix\":\"a\",\"padding\":10,\"extension\":\"png\"}"),
                        400,
                        "padding"),
                bad(
                        "extension of no verified format",
                        "POST",
                        "/api/jobs",
                        submit("\"output\":{\"prefix\":\"a\",\"padding\":4,\"extension\":\"webp\"}"),
                        400,
                        "extension"),
                bad(
                        "unknown frame format",
                        "POST",
                        "/api/jobs",
                        submit("\"profile\":{\"renderer\":\"povray\",\"format\":\"webp\"}"),
                        400,
                        "'format': unknown format 'webp'"),
                bad(
                        "unknown EXR codec",
                        "POST",
                        "/api/jobs",
                        submit("\"profile\":{\"renderer\":\"povray\",\"format\":\"exr\",\"exrCodec\":\"lzma\"}"),
                        400,
                        "'exrCodec'"),
                bad(
                        "javascript callback",
                        "POST",
                        "/api/jobs",
                        submit("\"callbackUrl\":\"javascript:alert(1)\""),
                        400,
                        "callbackUrl"),
                bad(
                        "callback to this machine",
                        "POST",
                        "/api/jobs",
                        submit("\"callbackUrl\":\"http://127.0.0.1:22/x\"," + "\"callbackSecret\":\"" + "k".repeat(32)
                                + "\""),
                        400,
                        "is not a peer of this site"),
                bad(
                        "callback to link-local metadata",
                        "POST",
                        "/api/jobs",
                        submit("\"callbackUrl\":\"http://169.254.169.254/latest\"," + "\"callbackSecret\":\""
                                + "k".repeat(32) + "\""),
                        400,
                        "is not a peer of this site"),
                bad("name with a newline", "POST", "/api/jobs", submit("\"name\":\"a\\nb\""), 400, "'name'"),
                bad("body over 16 MB", "POST", "/api/jobs", " ".repeat(17_000_000), 413, "Too Large"),
                // uploads
                bad("bytes not matching their hash", "PUT", "/api/blobs/" + HEX + "?size=5", "hello", 422, "discarded"),
                bad(
                        "asking about 100001 hashes",
                        "POST",
                        "/api/blobs/missing",
                        "{\"sha256\":[" + manyHashes + "]}",
                        400,
                        "at most"),
                bad(
                        "upload at a negative offset",
                        "PUT",
                        "/api/blobs/" + HEX + "?size=5&offset=-1",
                        "hello",
                        400,
                        "offset"),
                // requests about a real job that cannot apply to it, and jobs that do not exist
                bad("approve a finished job", "POST", "/api/jobs/{job}/approve", "{}", 409, "only a running job"),
                bad(
                        "cancel with an unknown field",
                        "POST",
                        "/api/jobs/{job}/cancel",
                        "{\"reasn\":\"x\"}",
                        400,
                        "reasn"),
                bad(
                        "cancel with an overlong reason",
                        "POST",
                        "/api/jobs/{job}/cancel",
                        "{\"reason\":\"" + "x".repeat(501) + "\"}",
                        400,
                        "500"),
                bad("a frame it does not have", "GET", "/api/jobs/{job}/frames/999", null, 404, "not rendered"),
                bad(
                        "a frame number over int",
                        "GET",
                        "/api/jobs/{job}/frames/99999999999",
                        null,
                        404,
                        "not a frame number"),
                bad("a hidden sample name", "GET", "/api/jobs/{job}/samples/.renderfarm", null, 404, "plain file name"),
                bad("events after a non-number", "GET", "/api/jobs/{job}/events?after=abc", null, 400, "whole number"),
                bad("cancel an unknown job", "POST", "/api/jobs/20990101-000000-zzz/cancel", "{}", 404, "no job"),
                bad("frames of an unknown job", "GET", "/api/jobs/20990101-000000-zzz/frames", null, 404, "no job")));
        // tokens
        cases.add(Arguments.of("no token", "GET", "/api/jobs", null, null, 401, "needs its token"));
        cases.add(
                Arguments.of("wrong token", "GET", "/api/jobs", null, "Bearer " + TOKEN + "x", 401, "needs its token"));
        cases.add(Arguments.of(
                "token as Basic auth", "GET", "/api/jobs", null, "Basic " + TOKEN, 401, "needs its token"));
        cases.add(Arguments.of("no token on a submit", "POST", "/api/jobs", submit(""), null, 401, "needs its token"));
        return cases.stream();
    }

    private static Arguments bad(String what, String method, String path, String body, int status, String detail) {
        return Arguments.of(what, method, path, body, "Bearer " + TOKEN, status, detail);
    }

    @ParameterizedTest(name = "{0} -> {5}")
    @MethodSource("badRequests")
    void shouldRefuseWithAClearProblemAndChangeNothingStored(
            String what, String method, String path, String body, String auth, int status, String detail)
            throws Exception {
        SiteState before = SiteState.of(data);
        String json = body == null
                ? null
                : body.replace("{fake}", fakeSha)
                        .replace("{scene}", sceneSha)
                        .replace("{SCENE}", sceneSha.toUpperCase(java.util.Locale.ROOT));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.uri() + path.replace("{job}", job)))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", method.equals("PUT") ? "application/octet-stream" : "application/json");
        }
        if (auth != null) {
            request.header("Authorization", auth);
        }

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = SiteJson.lenient().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).containsIgnoringCase(detail);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "io.renderfarm", TOKEN);
        assertThat(SiteState.of(data)).as("stored data after: " + what).isEqualTo(before);
        assertThat(new SiteClient(site.uri(), TOKEN).job(job).state()).isEqualTo(JobState.SUCCEEDED);
    }
}
