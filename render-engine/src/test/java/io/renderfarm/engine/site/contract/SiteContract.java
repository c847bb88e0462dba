package io.renderfarm.engine.site.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renderfarm.engine.site.host.JsonBody;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * The site protocol's contract, the same for every host: a host's test extends this and says where its site is
 * ({@link #base}), how an allowed caller authenticates ({@link #credentials}), and starts the site before each test
 * (a {@code @BeforeEach} of its own). Every test sends the same requests to the host, checks each request body it
 * means to be valid and every answer body against the OpenAPI file's schemas ({@link OpenApiSchemas}), and expects
 * the same status and problem {@code type} for the same fault: so hosts that pass it answer identically.
 *
 * <p>The host serves POV-Ray jobs (only a submitted job's record is needed; it need not render), runs no scene
 * scripts, and answers a caller without credentials 401 with a problem on its job routes (on Jenkins: anonymous
 * users hold Overall/Read but not Job/Read on the site job). Requests go to loopback only, each bounded in time.
 */
public abstract class SiteContract {
    /** A POV-Ray scene of one small sphere. */
    protected static final byte[] SCENE = ("camera { location <0, 0, -3> look_at <0, 0, 0> }\n"
                    + "light_source { <2, 4, -3> color rgb <1, 1, 1> }\n"
                    + "sphere { <0, 0, 0>, 1 pigment { color rgb <1, 0.4, 0.2> } }\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static final String UNKNOWN_JOB = "j000000000000000000000000";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final OpenApiSchemas schemas = OpenApiSchemas.load();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The site's root: {@code /openapi.yaml} and {@code /api/...} are resolved against it (no trailing slash). */
    protected abstract URI base();

    /** The headers of a caller who may submit, read and cancel jobs. */
    protected abstract Map<String, String> credentials();

    @Test
    void shouldServeTheOpenApiFileItDescribesWithEveryRefResolved() throws Exception {
        HttpResponse<byte[]> answer = send(request("/openapi.yaml").GET());

        assertThat(answer.statusCode()).isEqualTo(200);
        OpenApiSchemas served = OpenApiSchemas.parse(answer.body());
        assertThat(served.spec()).isEqualTo(schemas.spec());
        assertThat(served.unresolvedRefs()).isEmpty();
    }

    @Test
    void shouldRefuseACallerWithoutCredentialsWithUnauthorized() throws Exception {
        HttpResponse<byte[]> answer =
                send(HttpRequest.newBuilder(uri("/api/jobs")).timeout(TIMEOUT).GET());

        assertProblem("GET", "/api/jobs", answer, ProblemType.UNAUTHORIZED);
    }

    @Test
    void shouldDescribeItselfAsTheSchemaSays() throws Exception {
        Answer site = call("GET", "/api/site", "/api/site", null);

        assertThat(site.status()).isEqualTo(200);
        assertThat(site.body().path("protocol").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAnUnknownJobWithNotFound() throws Exception {
        Answer job = call("GET", "/api/jobs/{id}", "/api/jobs/" + UNKNOWN_JOB, null);
        Answer events = call("GET", "/api/jobs/{id}/events", "/api/jobs/" + UNKNOWN_JOB + "/events", null);

        assertType(job, 404, ProblemType.NOT_FOUND);
        assertType(events, 404, ProblemType.NOT_FOUND);
    }

    @Test
    void shouldRefuseMalformedJsonAndUnknownFieldsWithBadRequest() throws Exception {
        Answer malformed = call("POST", "/api/jobs", "/api/jobs", json("{\"scene\":"));
        Answer unknown =
                call("POST", "/api/offer", "/api/offer", json("{\"profile\":{\"renderer\":\"povray\"},\"x\":1}"));
        Answer trailing = call("POST", "/api/blobs/missing", "/api/blobs/missing", json("{\"sha256\":[]} {}"));

        assertType(malformed, 400, ProblemType.BAD_REQUEST);
        assertType(unknown, 400, ProblemType.BAD_REQUEST);
        assertThat(unknown.body().path("detail").asText()).contains("'x'");
        assertType(trailing, 400, ProblemType.BAD_REQUEST);
    }

    @Test
    void shouldRefuseABodyOverTheLimitWithTooLarge() throws Exception {
        byte[] padded = new byte[(int) JsonBody.MAX_BYTES + 1];
        Arrays.fill(padded, (byte) ' ');
        padded[0] = '{';
        padded[padded.length - 1] = '}';

        HttpResponse<byte[]> answer = send(authorized("/api/blobs/missing")
                .header("Content-Type", "application/json")
                .POST(chunked(padded)));

        assertProblem("POST", "/api/blobs/missing", answer, ProblemType.TOO_LARGE);
    }

    @Test
    void shouldNameTheFilesASubmitLacks() throws Exception {
        String absent = "0".repeat(64);
        ObjectNode submit = submitRequest(absent, SCENE.length, "{\"renderer\":\"povray\"}");

        Answer answer = call("POST", "/api/jobs", "/api/jobs", checkedRequest("POST", "/api/jobs", submit));

        assertType(answer, 409, ProblemType.FILES_MISSING);
        assertThat(answer.body().path("missing").toString()).isEqualTo("[\"" + absent + "\"]");
    }

    @Test
    void shouldRefuseSceneScriptsItDoesNotRun() throws Exception {
        ObjectNode submit =
                submitRequest(sha256(SCENE), SCENE.length, "{\"renderer\":\"povray\",\"allowScripts\":true}");

        Answer answer = call("POST", "/api/jobs", "/api/jobs", checkedRequest("POST", "/api/jobs", submit));

        assertType(answer, 422, ProblemType.SCRIPTS_NOT_ALLOWED);
    }

    @Test
    void shouldTakeAJobAndStreamItsEventsResumingOnlyAfterAWholeNumber() throws Exception {
        String sha = sha256(SCENE);
        Answer missing = call(
                "POST",
                "/api/blobs/missing",
                "/api/blobs/missing",
                checkedRequest(
                        "POST", "/api/blobs/missing", SiteJson.lenient().readTree("{\"sha256\":[\"" + sha + "\"]}")));
        HttpResponse<byte[]> upload = send(authorized("/api/blobs/" + sha + "?size=" + SCENE.length + "&offset=0")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(SCENE)));
        check("PUT", "/api/blobs/{sha256}", upload);
        Answer job = call(
                "POST",
                "/api/jobs",
                "/api/jobs",
                checkedRequest("POST", "/api/jobs", submitRequest(sha, SCENE.length, "{\"renderer\":\"povray\"}")));
        String submitted = job.body().path("id").asText();
        Answer view;
        Answer list;
        Answer malformed;
        String streamStart;
        try {
            view = call("GET", "/api/jobs/{id}", "/api/jobs/" + submitted, null);
            list = call("GET", "/api/jobs", "/api/jobs", null);
            malformed = call("GET", "/api/jobs/{id}/events", "/api/jobs/" + submitted + "/events", null, "abc");
            streamStart = firstLine("/api/jobs/" + submitted + "/events", "1000000");
        } finally {
            call("POST", "/api/jobs/{id}/cancel", "/api/jobs/" + submitted + "/cancel", json("{\"reason\":\"done\"}"));
        }

        assertThat(missing.status()).isEqualTo(200);
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(job.status()).isEqualTo(201);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().path("id").asText()).isEqualTo(submitted);
        assertThat(list.body().path("jobs").findValuesAsText("id")).contains(submitted);
        assertType(malformed, 400, ProblemType.BAD_REQUEST);
        assertThat(malformed.body().path("detail").asText()).startsWith("Last-Event-ID must be a whole number");
        assertThat(streamStart).isEqualTo("retry: 2000");
    }

    /** A call whose request (if any) and answer are checked against the OpenAPI file; the answer's JSON body. */
    protected record Answer(int status, JsonNode body) {}

    private Answer call(String method, String template, String path, byte[] body) throws Exception {
        return call(method, template, path, body, null);
    }

    private Answer call(String method, String template, String path, byte[] body, String lastEventId) throws Exception {
        HttpRequest.Builder request = authorized(path);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> answer = send(request);
        return new Answer(answer.statusCode(), check(method, template, answer));
    }

    private JsonNode check(String method, String template, HttpResponse<byte[]> answer) throws IOException {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        JsonNode body = type.contains("json") && answer.body().length > 0
                ? SiteJson.lenient().readTree(answer.body())
                : SiteJson.lenient().nullNode();
        assertThat(schemas.checkResponse(method, template, answer.statusCode(), type, body))
                .as("%s %s answered %d %s", method, template, answer.statusCode(), body)
                .isEmpty();
        return body;
    }

    private void assertProblem(String method, String template, HttpResponse<byte[]> answer, ProblemType type)
            throws IOException {
        assertType(new Answer(answer.statusCode(), check(method, template, answer)), type.status(), type);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private void assertType(Answer answer, int status, ProblemType type) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(schemas.checkSchema("Problem", answer.body())).isEmpty();
        assertThat(answer.body().path("type").asText()).isEqualTo(type.uri());
        assertThat(answer.body().path("status").asInt()).isEqualTo(status);
    }

    private byte[] checkedRequest(String method, String template, JsonNode body) throws IOException {
        assertThat(schemas.checkRequest(method, template, body))
                .as("the request %s", body)
                .isEmpty();
        return SiteJson.lenient().writeValueAsBytes(body);
    }

    private static ObjectNode submitRequest(String sha, long size, String profile) throws IOException {
        return (ObjectNode) SiteJson.lenient()
                .readTree(
                        "{\"name\":\"contract\",\"scene\":\"ball.pov\",\"files\":[{\"path\":\"ball.pov\",\"sha256\":\""
                                + sha + "\",\"size\":" + size + "}],\"frames\":\"1\",\"profile\":" + profile
                                + ",\"where\":\"local\"}");
    }

    private String firstLine(String path, String lastEventId) throws Exception {
        HttpResponse<InputStream> stream = http.send(
                authorized(path).header("Last-Event-ID", lastEventId).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        }
    }

    private HttpRequest.Builder authorized(String path) {
        HttpRequest.Builder request = request(path);
        credentials().forEach(request::header);
        return request;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
    }

    private URI uri(String path) {
        return URI.create(base().toString().replaceAll("/+$", "") + path);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A body sent without Content-Length, so the host counts it as it arrives. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        HttpRequest.BodyPublisher whole = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                whole.subscribe(subscriber);
            }
        };
    }

    protected static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
