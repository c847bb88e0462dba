package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.site.bundle.BlobStatus;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.bundle.UploadResult;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.site.base.SiteConfig;
import io.renderfarm.server.site.base.SiteLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content-addressed uploads: only missing contents, resumable, checked, size-limited. */
class BlobUploadTest {
    @TempDir
    Path dir;

    private InProcessSite site;
    private SiteClient client;

    @BeforeEach
    void startSite() throws Exception {
        site = InProcessSite.start(dir.resolve("data"), null, 300_000);
        client = site.client();
    }

    @AfterEach
    void stopSite() {
        site.close();
    }

    private Path file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path f = dir.resolve("scene").resolve(name);
        Files.createDirectories(f.getParent());
        return Files.write(f, bytes);
    }

    @Test
    void shouldResumeAnInterruptedUploadWhereItStopped() throws Exception {
        Path f = file("big.bin", 200_000);
        String sha = FrameVerifier.sha256(f);

        UploadResult first = client.upload(f, sha, 200_000, 0, 80_000);
        BlobStatus missing = client.missing(List.of(sha)).missing().get(0);
        UploadResult rest = client.upload(f, sha, 200_000, missing.received());

        assertThat(first.complete()).isFalse();
        assertThat(first.received()).isEqualTo(80_000);
        assertThat(missing.received()).isEqualTo(80_000);
        assertThat(rest.complete()).isTrue();
        assertThat(client.missing(List.of(sha)).missing()).isEmpty();
    }

    @Test
    void shouldRefuseToResumeAtTheWrongOffset() throws Exception {
        Path f = file("a.bin", 1000);

        assertThatThrownBy(() -> client.upload(f, FrameVerifier.sha256(f), 1000, 10))
                .isInstanceOfSatisfying(SiteException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.problem().detail()).contains("resume at offset 0");
                });
    }

    @Test
    void shouldDiscardAnUploadWhoseBytesDoNotMatchItsHash() throws Exception {
        Path f = file("a.bin", 1000);
        String wrong = "b".repeat(64);

        assertThatThrownBy(() -> client.upload(f, wrong, 1000, 0))
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThat(client.missing(List.of(wrong)).missing()).containsExactly(new BlobStatus(wrong, 0));
    }

    @Test
    void shouldRefuseFilesOverTheSizeLimitBeforeStoringAnyByte() throws Exception {
        Path f = file("huge.bin", 300_001);

        assertThatThrownBy(() -> client.upload(f, FrameVerifier.sha256(f), 300_001, 0))
                .isInstanceOfSatisfying(SiteException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.problem().detail()).contains("300000");
                });
        assertThat(client.missing(List.of(FrameVerifier.sha256(f)))
                        .missing()
                        .get(0)
                        .received())
                .isZero();
    }

    @Test
    void shouldSendOnlyTheContentsTheSiteLacks() throws Exception {
        Path scene = file("shot.pov", 5000);
        file("textures/wood.png", 20_000);
        file("inc/a.inc", 300);
        Bundle bundle = Bundle.of(scene, List.of(), List.of());

        BundleUpload.Report first = BundleUpload.send(client, bundle);
        file("inc/b.inc", 400);
        BundleUpload.Report second = BundleUpload.send(client, Bundle.of(scene, List.of(), List.of()));

        assertThat(first.filesSent()).isEqualTo(3);
        assertThat(first.bytesSent()).isEqualTo(25_300);
        assertThat(second.filesSent()).isEqualTo(1);
        assertThat(second.bytesSent()).isEqualTo(400);
        assertThat(second.filesPresent()).isEqualTo(3);
    }

    @Test
    void shouldStoreContentsReadOnlySoNoJobCanChangeThem() throws Exception {
        Path f = file("a.bin", 100);
        client.upload(f, FrameVerifier.sha256(f), 100, 0);
        String sha = FrameVerifier.sha256(f);

        Path stored = dir.resolve("data/blobs").resolve(sha.substring(0, 2)).resolve(sha);
        assertThat(stored).isReadable();
        assertThat(stored.toFile().canWrite() && !"root".equals(System.getProperty("user.name")))
                .isFalse();
        assertThat(Files.getPosixFilePermissions(stored))
                .noneMatch(p -> p.name().endsWith("WRITE"));
    }

    @Test
    void shouldCountUnfinishedUploadsInStorageAndExpireThemThroughTheClock() throws Exception {
        ManualClock clock = new ManualClock();
        try (InProcessSite other = InProcessSite.start(
                SiteConfig.builder()
                        .name("s")
                        .dataDir(dir.resolve("other"))
                        .maxFileBytes(300_000)
                        .build(),
                clock)) {
            SiteClient c = other.client();
            Path f = file("big.bin", 200_000);
            String sha = FrameVerifier.sha256(f);
            c.upload(f, sha, 200_000, 0, 80_000);

            assertThat(c.site().storage())
                    .containsEntry("partialUploads", 1L)
                    .containsEntry("partialBytes", 80_000L)
                    .containsEntry("blobBytes", 0L);
            clock.advance(Duration.ofHours(24).plusSeconds(1));

            assertThat(c.site().storage()).containsEntry("partialUploads", 0L).containsEntry("partialBytes", 0L);
            assertThat(c.missing(List.of(sha)).missing()).containsExactly(new BlobStatus(sha, 0));
            assertThat(c.upload(f, sha, 200_000, 0).complete())
                    .as("uploaded again from the start")
                    .isTrue();
        }
    }

    @Test
    void shouldRecountStoredContentsOnlyAfterTheUsageFigureAgedFiveSecondsOnTheClock() throws Exception {
        ManualClock clock = new ManualClock();
        try (InProcessSite other = InProcessSite.start(
                SiteConfig.builder()
                        .name("s")
                        .dataDir(dir.resolve("other"))
                        .maxFileBytes(300_000)
                        .build(),
                clock)) {
            SiteClient c = other.client();
            Path f = file("small.bin", 1_000);
            assertThat(c.site().storage()).containsEntry("blobBytes", 0L);

            assertThat(c.upload(f, FrameVerifier.sha256(f), 1_000, 0).complete())
                    .isTrue();
            clock.advance(Duration.ofSeconds(5));
            assertThat(c.site().storage()).as("walked at most 5 s ago").containsEntry("blobBytes", 0L);
            clock.advance(Duration.ofMillis(1));
            assertThat(c.site().storage()).containsEntry("blobBytes", 1_000L);
        }
    }

    @Test
    void shouldRefuseAnUploadOverTheQuotaOfUnfinishedOnesWith507() throws Exception {
        SiteLimits limits = SiteLimits.DEFAULT.withMaxPartialBytes(300_000);
        try (InProcessSite other = InProcessSite.start(SiteConfig.builder()
                .name("s")
                .dataDir(dir.resolve("other"))
                .maxFileBytes(300_000)
                .limits(limits)
                .build())) {
            SiteClient c = other.client();
            Path a = file("a.bin", 250_000);
            Path b = file("b.bin", 100_000);
            c.upload(a, FrameVerifier.sha256(a), 250_000, 0, 240_000);

            assertThatThrownBy(() -> c.upload(b, FrameVerifier.sha256(b), 100_000, 0))
                    .isInstanceOfSatisfying(SiteException.class, e -> {
                        assertThat(e.status()).isEqualTo(507);
                        assertThat(e.problem().detail())
                                .contains("hold 240000 of their 300000 bytes")
                                .contains("serve --max-partial-mb");
                    });
            assertThat(c.site().storage()).containsEntry("maxPartialBytes", 300_000L);
        }
    }
}
