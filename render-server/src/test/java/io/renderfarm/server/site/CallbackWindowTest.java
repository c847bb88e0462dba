package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback route judges a notice's timestamp by the site's clock, moved here by the test: a notice signed at the
 * site's time passes the signature checks (and then learns the job is unknown), one signed more than the window
 * before it is refused as stale.
 */
class CallbackWindowTest {
    private static final String TOKEN = "window-test-token-0123456789";
    private static final String JOB = "20300101-120000-abcdefgh";
    private static final String PATH = "/api/jobs/" + JOB + "/callback";
    private static final String BODY =
            "{\"job\":\"r-1\",\"state\":\"SUCCEEDED\",\"done\":1,\"total\":1,\"reason\":\"\"}";

    @TempDir
    Path dir;

    @Test
    void shouldTakeANoticeSignedAtTheSitesTimeAndRefuseItOnceTheWindowHasPassed() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));
        try (InProcessSite site = InProcessSite.start(
                SiteConfig.builder()
                        .name("s")
                        .dataDir(dir)
                        .token(TOKEN)
                        .maxFileBytes(1000)
                        .build(),
                clock)) {
            // A job this site did not delegate is signed with the site's own secret: the checks run as for any.
            String key = CallbackSignature.jobKey(
                    Files.readString(dir.resolve("callback.key")).strip(), JOB);
            Instant signedAt = clock.instant();

            HttpResponse<String> fresh = site.send(notice(site, key, signedAt));
            clock.advance(CallbackSignature.WINDOW.plusSeconds(1));
            HttpResponse<String> stale = site.send(notice(site, key, signedAt));
            HttpResponse<String> current = site.send(notice(site, key, clock.instant()));

            assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(404);
            assertThat(stale.statusCode()).isEqualTo(401);
            assertThat(stale.body()).contains("timestamp");
            assertThat(current.statusCode()).as(current.body()).isEqualTo(404);
        }
    }

    private static HttpRequest notice(InProcessSite site, String key, Instant at) {
        CallbackSignature.Headers h =
                new CallbackSignature(key).sign("POST", PATH, BODY.getBytes(StandardCharsets.UTF_8), at);
        HttpRequest.Builder b = site.request(PATH)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        h.asMap().forEach(b::header);
        return b.build();
    }
}
