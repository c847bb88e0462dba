package io.renderfarm.server.site;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.SiteConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * A site in the test's JVM, for protocol tests that render nothing (or only POV-Ray): quicker to start than a
 * process, and it speaks the same HTTP. Claims Blender and POV-Ray so submits pass the capability check.
 */
final class InProcessSite implements AutoCloseable {
    static final Capabilities CAPS = new Capabilities(Map.of("blender", "3.4.1", "povray", "3.7.0.10"), 2, 4096, false);
    private final SiteServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private InProcessSite(SiteServer server) {
        this.server = server;
    }

    static InProcessSite start(Path data, String token, long maxFileBytes) throws IOException {
        return new InProcessSite(SiteServer.start(
                SiteConfig.builder()
                        .name("test")
                        .dataDir(data)
                        .token(token)
                        .maxFileBytes(maxFileBytes)
                        .build(),
                CAPS));
    }

    static InProcessSite start(SiteConfig config) throws IOException {
        return new InProcessSite(SiteServer.start(config, CAPS));
    }

    /** A site whose logins, throttles, slow bodies and partial uploads run on {@code clock}. */
    static InProcessSite start(SiteConfig config, Clock clock) throws IOException {
        return new InProcessSite(SiteServer.start(config, CAPS, clock));
    }

    static InProcessSite start(Path data) throws IOException {
        return start(data, null, 1024 * 1024);
    }

    SiteServer server() {
        return server;
    }

    URI uri() {
        return server.uri();
    }

    SiteClient client() {
        return new SiteClient(uri(), null);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(uri() + path));
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Override
    public void close() {
        server.close();
    }
}
