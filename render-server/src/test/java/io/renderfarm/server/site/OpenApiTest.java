package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI file is the protocol: the site serves it, and it names exactly the site's API endpoints. */
class OpenApiTest {
    @TempDir
    Path dir;

    @Test
    void shouldServeTheOpenApiFileDescribingExactlyTheSitesEndpoints() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            HttpResponse<String> response = site.get("/openapi.yaml");
            JsonNode spec = new YAMLMapper().readTree(response.body());

            Set<String> documented = new TreeSet<>();
            for (Iterator<String> paths = spec.get("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                for (Iterator<String> methods = spec.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
            Set<String> served = new TreeSet<>();
            site.server().routes().stream()
                    .filter(r -> r.contains(" /api/") || r.endsWith("/openapi.yaml"))
                    .forEach(served::add);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(spec.get("openapi").asText()).startsWith("3.");
            assertThat(documented).isEqualTo(served);
        }
    }
}
