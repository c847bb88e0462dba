package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request gets a 4xx with a problem JSON saying what was wrong: never a 5xx, never a stack trace. */
class SiteProblemsTest {
    private static final String SHA = "a".repeat(64);
    private static final String FILE = "{\"path\":\"shot.pov\",\"sha256\":\"" + SHA + "\",\"size\":10}";

    @TempDir
    static Path data;

    private static InProcessSite site;

    @BeforeAll
    static void startSite() throws Exception {
        site = InProcessSite.start(data);
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("POST", "/api/jobs", "{bad", 400, "not valid JSON"),
                Arguments.of("POST", "/api/jobs", "[1,2]", 400, "bad value"),
                Arguments.of("POST", "/api/jobs", "{\"sceen\":\"x\"}", 400, "unknown field 'sceen'"),
                Arguments.of(
                        "POST", "/api/jobs", "{\"scene\":\"a.pov\",\"files\":[],\"frames\":\"1\"}", 400, "'files'"),
                Arguments.of("POST", "/api/jobs", submit("../evil.pov", "1-3", null), 400, "'..'"),
                Arguments.of("POST", "/api/jobs", submit("/etc/passwd", "1-3", null), 400, "relative"),
                Arguments.of("POST", "/api/jobs", submit("a\\\\..\\\\b.pov", "1-3", null), 400, "relative"),
                Arguments.of("POST", "/api/jobs", submit("C:/x.pov", "1-3", null), 400, "relative"),
                Arguments.of("POST", "/api/jobs", submit("shot.pov", "3-x", null), 400, "frames"),
                Arguments.of("POST", "/api/jobs", submit("shot.pov", "1-3", "\"mars\""), 400, "where must be"),
                Arguments.of(
                        "POST",
                        "/api/jobs",
                        submit("shot.pov", "1-3", "\"remote\""),
                        422,
                        "no remote site is configured"),
                Arguments.of("POST", "/api/jobs", submit("shot.pov", "1-3", "\"local\""), 409, "not on the site"),
                Arguments.of(
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + FILE + "],\"frames\":\"1\","
                                + "\"profile\":{\"renderer\":\"povray\",\"retrys\":2}}",
                        400,
                        "retrys"),
                Arguments.of(
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + FILE + "],\"frames\":\"1\","
                                + "\"output\":{\"prefix\":\"../x\",\"padding\":4,\"extension\":\"png\"}}",
                        400,
                        "prefix"),
                Arguments.of(
                        "POST",
                        "/api/jobs",
                        "{\"scene\":\"shot.pov\",\"files\":[" + FILE + "],\"frames\":\"1\","
                                + "\"callbackUrl\":\"file:///etc/passwd\"}",
                        400,
                        "callbackUrl"),
                Arguments.of("POST", "/api/blobs/missing", "{\"sha256\":[\"nothex\"]}", 400, "SHA-256"),
                Arguments.of("POST", "/api/offer", "{}", 400, "profile"),
                Arguments.of("POST", "/api/offer", "{\"profile\":{\"renderer\":\"maya\"}}", 400, "profile: "),
                Arguments.of(
                        "POST",
                        "/api/offer",
                        "{\"profile\":{\"renderer\":\"blender\",\"version\":\"x.y\"}}",
                        400,
                        "profile: "),
                Arguments.of("GET", "/api/jobs/nope", null, 404, "no job 'nope'"),
                Arguments.of("GET", "/api/jobs/UPPER", null, 404, "lower-case"),
                Arguments.of("GET", "/api/nothing", null, 404, "no such path"),
                Arguments.of("DELETE", "/api/jobs", null, 404, "no such path"),
                Arguments.of("POST", "/api/jobs/nope/cancel", "{}", 404, "no job"),
                Arguments.of("GET", "/api/jobs/nope/events", null, 404, "no job"),
                Arguments.of("GET", "/api/jobs/nope/frames.zip", null, 404, "no job"),
                Arguments.of("GET", "/api/jobs/nope/samples/..%2F..%2Fsite.db", null, 404, ""),
                Arguments.of("PUT", "/api/blobs/xyz?size=1", "x", 400, "SHA-256"),
                Arguments.of("PUT", "/api/blobs/" + SHA, "x", 400, "'size'"),
                Arguments.of("PUT", "/api/blobs/" + SHA + "?size=abc", "x", 400, "whole number"),
                Arguments.of("PUT", "/api/blobs/" + SHA + "?size=99999999999", "x", 413, "limit"),
                Arguments.of("PUT", "/api/blobs/" + SHA + "?size=1&offset=5", "x", 400, "offset"),
                Arguments.of("PUT", "/api/blobs/" + SHA + "?size=1", "xyz", 400, "more bytes"));
    }

    private static String submit(String path, String frames, String where) {
        return "{\"scene\":\"" + path + "\",\"files\":[{\"path\":\"" + path + "\",\"sha256\":\"" + SHA
                + "\",\"size\":10}],\"frames\":\"" + frames + "\"" + (where == null ? "" : ",\"where\":" + where) + "}";
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("badRequests")
    void shouldRefuseBadRequestWithProblemJson(String method, String path, String body, int status, String detail)
            throws Exception {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder request = site.request(path).method(method, publisher);
        if (body != null) {
            request.header("Content-Type", method.equals("PUT") ? "application/octet-stream" : "application/json");
        }
        HttpResponse<String> response = site.send(request.build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = SiteJson.lenient().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank().contains(detail);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "io.renderfarm");
    }

    @org.junit.jupiter.api.Test
    void shouldAnswerMalformedUriWithProblemJsonToo() throws Exception {
        // java.net.http refuses to send such a URI, so this one goes over a raw socket as a hand-made client would.
        try (java.net.Socket socket =
                new java.net.Socket(site.uri().getHost(), site.uri().getPort())) {
            socket.getOutputStream()
                    .write("GET /api/jobs/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/problem+json")
                    .contains("\"status\":400")
                    .doesNotContain("Exception", "<html");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonJsonPosts")
    void shouldRefusePostsThatAreNotJson(String contentType) throws Exception {
        HttpResponse<String> response = site.send(site.request("/api/jobs/nope/cancel")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("reason=x"))
                .build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("application/json");
    }

    static Stream<String> nonJsonPosts() {
        return Stream.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x");
    }
}
