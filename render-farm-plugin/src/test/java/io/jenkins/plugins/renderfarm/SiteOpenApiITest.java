package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.apiToken;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.siteJob;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.Item;
import io.jenkins.plugins.renderfarm.site.SiteAction;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.delegation.SiteJobFollower;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI file is the protocol, for the plugin's {@code render-site/} as for the standalone site: every path
 * and method it names is served (no more, no fewer), and each one, called by an authorized user with API-token
 * Basic auth on a finished delegated job, gets the answer the protocol gives, never Jenkins' own 404.
 */
@WithJenkins
class SiteOpenApiITest {
    @TempDir
    Path tmp;

    @Test
    void shouldAnswerEveryPathAndMethodOfTheOpenApiFile(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        siteJob(r, "delegated", "pov");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL).everywhere().to("alice"));
        String token = apiToken("alice");
        URI site = URI.create(r.getURL() + "render-site");
        SiteClient alice = SiteClient.basic(site, "alice", token);

        // A finished job, so that every resource of one exists: frames, samples, events, a held file.
        Path scene = tmp.resolve("job/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        SubmitRequest request = new SubmitRequest("openapi", bundle.scene(), bundle.entries(), "1-2",
                ProfileReader.toJson(JobProfile.defaults("povray").withChunkSize(1)), null, Where.LOCAL);
        BundleUpload.send(alice, bundle);
        JobView job = alice.submit(request);
        assertThat(new SiteJobFollower(alice, new DirectoryFrameStore(tmp.resolve("out")), tmp.resolve("scratch"), e -> { })
                .follow(job.id()).complete(), is(true));
        FileEntry held = bundle.entries().get(0);
        String sample = alice.samples(job.id()).samples().get(0).name();

        Protocol http = new Protocol(site, "alice", token);
        HttpResponse<byte[]> yamlAnswer = http.send("GET", "/openapi.yaml", null, null);
        assertThat(yamlAnswer.statusCode(), is(200));
        Map<String, Object> spec = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(new String(yamlAnswer.body(), StandardCharsets.UTF_8));
        Map<String, Map<String, Object>> paths = Protocol.paths(spec);
        TreeSet<String> documented = new TreeSet<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(m -> !m.equals("parameters"))
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(documented, equalTo(new TreeSet<>(SiteAction.servedRoutes())));

        Map<String, String> values = Map.of("id", job.id(), "sha256", held.sha256(), "frame", "1", "name", sample);
        Map<String, Integer> expected = expectedAnswers();
        Map<String, Integer> answered = new TreeMap<>();
        for (String route : documented) {
            String method = route.substring(0, route.indexOf(' '));
            String path = Protocol.fill(route.substring(route.indexOf(' ') + 1), values);
            byte[] body = requestBody(route, request, scene);
            String query = route.equals("PUT /api/blobs/{sha256}") ? "?size=" + held.size() + "&offset=0" : "";
            HttpResponse<byte[]> answer = http.send(method, path + query, body,
                    route.startsWith("PUT ") ? "application/octet-stream" : "application/json");
            answered.put(route, answer.statusCode());
            if (answer.statusCode() >= 400 && !method.equals("HEAD")) {
                assertThat(route + " answers a problem", answer.headers().firstValue("Content-Type").orElse(""),
                        startsWith("application/problem+json"));
            }
        }
        assertThat(answered, equalTo(expected));
        assertThat(answered.values().contains(404), is(false));

        assertZipMatchesFrameList(http.send("GET", "/api/jobs/" + job.id() + "/frames.zip", null, null).body(),
                alice.frames(job.id()).frames());
        assertThat(alice.job(job.id()).links().get("zip"), is("/api/jobs/" + job.id() + "/frames.zip"));
        assertThat(http.send("DELETE", "/api/jobs/" + job.id(), null, null).statusCode(), is(405));
        assertThat(http.send("GET", "/api/nothing-here", null, null).statusCode(), is(404));
        r.waitUntilNoActivity(); // the route check's own submit renders too
    }

    /** The answer each route gives here: success, or the refusal the protocol prescribes for that request. */
    private static Map<String, Integer> expectedAnswers() {
        Map<String, Integer> expected = new TreeMap<>();
        expected.put("GET /openapi.yaml", 200);
        expected.put("POST /api/session", 204);
        expected.put("GET /api/site", 200);
        expected.put("POST /api/offer", 200);
        expected.put("POST /api/blobs/missing", 200);
        expected.put("HEAD /api/blobs/{sha256}", 200);
        expected.put("PUT /api/blobs/{sha256}", 200);
        expected.put("GET /api/jobs", 200);
        expected.put("POST /api/jobs", 201);
        expected.put("GET /api/jobs/{id}", 200);
        expected.put("POST /api/jobs/{id}/cancel", 200); // already final
        expected.put("POST /api/jobs/{id}/approve", 409); // renders on Jenkins never wait for approval
        expected.put("GET /api/jobs/{id}/events", 200);
        expected.put("POST /api/jobs/{id}/callback", 401); // unsigned: refused, as the protocol says
        expected.put("GET /api/jobs/{id}/frames", 200);
        expected.put("GET /api/jobs/{id}/frames.zip", 200);
        expected.put("GET /api/jobs/{id}/frames/{frame}", 200);
        expected.put("GET /api/jobs/{id}/samples", 200);
        expected.put("GET /api/jobs/{id}/samples/{name}", 200);
        return expected;
    }

    private static byte[] requestBody(String route, SubmitRequest submit, Path scene) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (route) {
            case "PUT /api/blobs/{sha256}" -> {
                return Files.readAllBytes(scene);
            }
            case "POST /api/jobs" -> {
                return SiteJson.lenient().writeValueAsBytes(submit);
            }
            case "POST /api/session" -> json.put("token", "ignored-by-jenkins");
            case "POST /api/blobs/missing" -> json.put("sha256", List.of());
            case "POST /api/offer" -> json.put("profile", ProfileReader.toJson(JobProfile.defaults("povray")));
            case "POST /api/jobs/{id}/cancel" -> json.put("reason", "protocol test");
            case "POST /api/jobs/{id}/callback" -> {
                json.put("job", "elsewhere");
                json.put("state", "SUCCEEDED");
            }
            default -> {
                return route.startsWith("POST ") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            }
        }
        return SiteJson.lenient().writeValueAsBytes(json);
    }

    private static void assertZipMatchesFrameList(byte[] zip, List<FrameView> frames) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        String sums = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("SHA256SUMS")) {
                    sums = new String(bytes, StandardCharsets.UTF_8);
                } else {
                    entries.put(e.getName(), FrameVerifier.sha256(new ByteArrayInputStream(bytes)));
                }
            }
        }
        Map<String, String> listed = new TreeMap<>();
        StringBuilder expectedSums = new StringBuilder();
        for (FrameView f : frames) {
            listed.put(f.file(), f.sha256());
            expectedSums.append(f.sha256()).append("  ").append(f.file()).append('\n');
        }
        assertThat(entries, equalTo(listed));
        assertThat(sums, equalTo(expectedSums.toString()));
    }

    /** Raw requests to the served protocol with HTTP Basic and an API token (so no CSRF crumb). */
    private record Protocol(URI site, String authorization, HttpClient http) {
        Protocol(URI site, String user, String token) {
            this(site, "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)),
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site + path)).header("Authorization", authorization)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (body != null) {
                b.header("Content-Type", contentType);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        @SuppressWarnings("unchecked")
        static Map<String, Map<String, Object>> paths(Map<String, Object> spec) {
            return (Map<String, Map<String, Object>>) spec.get("paths");
        }

        static String fill(String template, Map<String, String> values) {
            String path = template;
            for (Map.Entry<String, String> v : values.entrySet()) {
                path = path.replace("{" + v.getKey() + "}", v.getValue());
            }
            return path;
        }
    }
}
