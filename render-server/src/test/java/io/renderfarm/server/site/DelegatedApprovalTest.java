package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.ServeProcess;
import io.renderfarm.server.site.base.RemoteSites;
import io.renderfarm.server.site.base.SiteConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delegated job that waits for approval after its preview pass: the local site shows it waiting (relayed from
 * the remote), and approving it here lets the remote job go on to the end. Two sites in this JVM, POV-Ray.
 */
class DelegatedApprovalTest {
    @TempDir
    Path dir;

    @Test
    void shouldForwardTheApprovalOfADelegatedJobToTheRemoteSite() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        int localPort = ServeProcess.freePort();
        try (InProcessSite remote = InProcessSite.start(SiteConfig.builder()
                        .name("remote")
                        .dataDir(dir.resolve("remote"))
                        .maxFileBytes(1 << 20)
                        .remotes(new RemoteSites(
                                List.of(), null, null, List.of(URI.create("http://127.0.0.1:" + localPort))))
                        .build());
                InProcessSite local = InProcessSite.start(SiteConfig.builder()
                        .name("local")
                        .port(localPort)
                        .dataDir(dir.resolve("local"))
                        .maxFileBytes(1 << 20)
                        .remotes(new RemoteSites(
                                List.of(new RemoteSite(remote.uri(), null, null)),
                                null,
                                RemoteDelegation.Settings.DEFAULTS))
                        .build())) {
            SiteClient client = local.client();
            JobView job = Jobs.submit(
                    client,
                    TestScenes.povScene(dir.resolve("scene"), "shot"),
                    "1-3",
                    SiteJson.lenient()
                            .readTree("{\"renderer\":\"povray\",\"chunkSize\":1,\"preview\":{\"enabled\":true,"
                                    + "\"frames\":1,\"awaitApproval\":true}}"),
                    Where.REMOTE);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.job(job.id()).state() == JobState.AWAITING_APPROVAL);
            String remoteId = client.job(job.id()).remote().job();

            client.approve(job.id());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.job(job.id()).state().isFinal());

            assertThat(client.job(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(client.job(job.id()).done()).isEqualTo(3);
            assertThat(remote.client().job(remoteId).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }
}
