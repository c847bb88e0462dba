package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.server.site.base.RemoteSites;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site takes a submit's {@code callbackUrl} only from a configured peer: a listed callback peer or a remote site
 * it delegates to. Anything else, this machine and link-local addresses included, is refused with 400 before the
 * job exists. Nothing renders: a callback the site accepts gets as far as the missing files (409).
 */
class CallbackPeersSiteTest {
    private static final String SHA = "c".repeat(64);
    private static final String SECRET = "k".repeat(32);

    @TempDir
    Path dir;

    private static String submit(String callbackUrl) {
        return "{\"scene\":\"shot.pov\",\"files\":[{\"path\":\"shot.pov\",\"sha256\":\"" + SHA + "\",\"size\":5}],"
                + "\"frames\":\"1\",\"callbackUrl\":\"" + callbackUrl + "\",\"callbackSecret\":\"" + SECRET + "\"}";
    }

    private static HttpResponse<String> post(InProcessSite site, String body) throws Exception {
        return site.send(site.request("/api/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void shouldTakeAPeersCallbackAndRefuseEveryOtherHost() throws Exception {
        RemoteSites peers = new RemoteSites(List.of(), null, null, List.of(URI.create("http://render1.example:8765")));
        try (InProcessSite site = InProcessSite.start(SiteConfig.builder()
                .name("s")
                .dataDir(dir)
                .maxFileBytes(1 << 20)
                .remotes(peers)
                .build())) {
            HttpResponse<String> peer = post(site, submit("http://render1.example:8765/api/jobs/x/callback"));
            HttpResponse<String> loopback =
                    post(site, submit("http://127.0.0.1:" + site.uri().getPort() + "/api/jobs/x/callback"));
            HttpResponse<String> linkLocal = post(site, submit("http://169.254.169.254/latest/meta-data"));
            HttpResponse<String> otherPort = post(site, submit("http://render1.example:9000/api/jobs/x/callback"));

            assertThat(peer.statusCode()).as(peer.body()).isEqualTo(409);
            for (HttpResponse<String> refused : List.of(loopback, linkLocal, otherPort)) {
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(SiteJson.lenient()
                                .readTree(refused.body())
                                .get("detail")
                                .asText())
                        .startsWith("'callbackUrl' ")
                        .contains("is not a peer of this site");
            }
            assertThat(site.get("/api/jobs").body()).as("no job was made").contains("\"jobs\":[]");
        }
    }

    @Test
    void shouldCountTheSitesItDelegatesToAsPeers() {
        RemoteSites remotes = new RemoteSites(
                List.of(new io.renderfarm.engine.site.client.RemoteSite(
                        URI.create("https://render2.example/"), null, null)),
                null,
                null);

        assertThat(remotes.peers().allows("https://render2.example/api/jobs/j1/callback"))
                .isTrue();
        assertThat(remotes.peers().allows("http://127.0.0.1:8765/api/jobs/j1/callback"))
                .isFalse();
    }
}
