package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.ServeProcess;
import io.renderfarm.server.site.base.RemoteSites;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion notice between two sites in this JVM (POV-Ray renders, so it is quick): the remote, which lists
 * the local site as a callback peer, accepts the job's callback URL; its signed notice arrives and needs no token, while unsigned, forged, tampered, stale and replayed notices are refused with
 * 401 and change nothing. The notice's key never appears in the remote's job resource or events.
 */
class CallbackTest {
    private static final String TOKEN = "local-token-0123456789abcdef";

    @TempDir
    static Path dir;

    private static InProcessSite remote;
    private static InProcessSite local;
    private static SiteClient client;
    private static JobView job;
    private static String key;

    @BeforeAll
    static void delegateAJob() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        int localPort = ServeProcess.freePort();
        remote = InProcessSite.start(SiteConfig.builder()
                .name("remote")
                .dataDir(dir.resolve("remote"))
                .maxFileBytes(1 << 20)
                .remotes(new RemoteSites(List.of(), null, null, List.of(URI.create("http://127.0.0.1:" + localPort))))
                .build());
        RemoteSites remotes = new RemoteSites(
                List.of(new RemoteSite(remote.uri(), null, null)),
                null,
                new RemoteDelegation.Settings(Duration.ofSeconds(10), Duration.ofSeconds(1)));
        local = InProcessSite.start(SiteConfig.builder()
                .name("local")
                .port(localPort)
                .dataDir(dir.resolve("local"))
                .token(TOKEN)
                .maxFileBytes(1 << 20)
                .remotes(remotes)
                .build());
        client = new SiteClient(local.uri(), TOKEN);
        Path scene = TestScenes.povScene(dir.resolve("scene"), "shot");
        JobView submitted = Jobs.submit(
                client, scene, "1-2", SiteJson.lenient().readTree("{\"renderer\":\"povray\"}"), Where.REMOTE);
        // The notice and the job's end race: the remote notifies as its event stream tells this site the same.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.job(submitted.id()).remote().notifiedAt() != null
                        && client.job(submitted.id()).state().isFinal());
        job = client.job(submitted.id());
        key = CallbackSignature.jobKey(
                Files.readString(dir.resolve("local/callback.key")).strip(), job.id());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void shouldReceiveTheRemoteSitesSignedNoticeWithoutTheToken() throws Exception {
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.remote().notifiedAt()).isNotNull();
        assertThat(local.send(notice(key, body(), Instant.now())).statusCode()).isEqualTo(204);
        assertThat(local.get("/api/jobs/" + job.id()).statusCode())
                .as("everything else still needs the token")
                .isEqualTo(401);
    }

    @Test
    void shouldRefuseUnsignedForgedTamperedStaleAndReplayedNotices() throws Exception {
        HttpRequest good = notice(key, body(), Instant.now());
        HttpResponse<String> first = local.send(good);
        HttpResponse<String> replay = local.send(good);
        HttpResponse<String> forged = local.send(notice(CallbackSignature.newSecret(), body(), Instant.now()));
        HttpResponse<String> stale =
                local.send(notice(key, body(), Instant.now().minus(Duration.ofMinutes(10))));
        HttpRequest signed = notice(key, body(), Instant.now());
        HttpResponse<String> tampered = local.send(copy(signed, body().replace("SUCCEEDED", "FAILED")));
        HttpResponse<String> unsigned = local.send(local.request(path())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body()))
                .build());

        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replay");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("signature does not match");
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("timestamp");
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("not signed");
        assertThat(client.job(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void shouldRefuseAnUnsignedNoticeForAnUnknownJobWithoutSayingWhetherItExists() throws Exception {
        HttpResponse<String> answer = local.send(local.request("/api/jobs/20990101-000000-zzz/callback")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body()))
                .build());

        assertThat(answer.statusCode()).isEqualTo(401); // no token, and no signature to stand in for it
        assertThat(answer.body()).contains("not signed");
    }

    @Test
    void shouldNeverShowTheNoticeKeyOnTheRemoteSite() throws Exception {
        String view = remote.get("/api/jobs/" + job.remote().job()).body();
        String list = remote.get("/api/jobs").body();
        String events =
                remote.get("/api/jobs/" + job.remote().job() + "/events").body();

        assertThat(view + list + events).doesNotContain(key).doesNotContain("callbackSecret");
    }

    private static String path() {
        return "/api/jobs/" + job.id() + "/callback";
    }

    private static String body() throws Exception {
        return SiteJson.lenient()
                .writeValueAsString(
                        Map.of("job", job.remote().job(), "state", "SUCCEEDED", "done", 2, "total", 2, "reason", ""));
    }

    private static HttpRequest notice(String signingKey, String body, Instant at) {
        CallbackSignature.Headers h =
                new CallbackSignature(signingKey).sign("POST", path(), body.getBytes(StandardCharsets.UTF_8), at);
        HttpRequest.Builder b = local.request(path())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        h.asMap().forEach(b::header);
        return b.build();
    }

    private static HttpRequest copy(HttpRequest signed, String otherBody) {
        HttpRequest.Builder b = local.request(path())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(otherBody));
        for (String name : List.of(
                CallbackSignature.TIMESTAMP_HEADER,
                CallbackSignature.NONCE_HEADER,
                CallbackSignature.SIGNATURE_HEADER)) {
            b.header(name, signed.headers().firstValue(name).orElseThrow());
        }
        return b.build();
    }
}
