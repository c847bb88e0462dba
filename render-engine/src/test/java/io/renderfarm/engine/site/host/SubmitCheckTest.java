package io.renderfarm.engine.site.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.protocol.SiteException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmitCheckTest {
    private static final String HASH = "a".repeat(64);
    private static final List<FileEntry> FILES = List.of(new FileEntry("ball.pov", HASH, 10));
    private static final CallbackPeers PEERS = CallbackPeers.of(List.of("https://jenkins.example/jenkins/render-site"));

    private static SubmitRequest request(String scene, List<FileEntry> files, String frames, String callback) {
        return new SubmitRequest(
                "n",
                scene,
                files,
                frames,
                ProfileReader.toJson(JobProfile.defaults("povray")),
                null,
                Where.LOCAL,
                callback,
                callback == null ? null : "s".repeat(32));
    }

    @Test
    void parsesAValidRequest() throws Exception {
        SubmitCheck.Checked c = SubmitCheck.check(
                request("ball.pov", FILES, "1-4", "https://jenkins.example/render-callback/x"), PEERS);
        assertThat(c.frames().size()).isEqualTo(4);
        assertThat(c.profile().renderer()).isEqualTo("povray");
        assertThat(c.callbackUrl()).isEqualTo("https://jenkins.example/render-callback/x");
        assertThat(c.output().prefix()).isEqualTo("frame_");
    }

    @Test
    void refusesEachBadFieldWith400() {
        List<SubmitRequest> bad = List.of(
                request("other.pov", FILES, "1", null),
                request("ball.pov", List.of(new FileEntry("../ball.pov", HASH, 1)), "1", null),
                request("ball.pov", List.of(new FileEntry("ball.pov", "nothex", 1)), "1", null),
                request("ball.pov", FILES, "x-y", null),
                request("ball.pov", FILES, "1", "file:///etc/passwd"),
                request("ball.pov", FILES, "1", "http://127.0.0.1:8080/render-callback/x"));
        for (SubmitRequest r : bad) {
            assertThatThrownBy(() -> SubmitCheck.check(r, PEERS))
                    .isInstanceOfSatisfying(
                            SiteException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void shouldRefuseACallbackToAHostThatIsNotAPeerNamingTheField() {
        assertThatThrownBy(() -> SubmitCheck.check(
                        request("ball.pov", FILES, "1", "http://169.254.169.254/latest/meta-data"), PEERS))
                .isInstanceOfSatisfying(SiteException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.problem().detail())
                            .startsWith("'callbackUrl' http://169.254.169.254:80 is not a peer of this site");
                });
    }
}
