package io.renderfarm.engine.site.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobFolderTest {
    @TempDir
    Path dir;

    private static String sha(byte[] bytes, Path tmp) throws Exception {
        Path f = Files.write(tmp.resolve("h"), bytes);
        return FrameVerifier.sha256(f);
    }

    @Test
    void takesAnUploadInPartsAndChecksItsHash() throws Exception {
        byte[] content = "#version 3.7; sphere {}".getBytes(StandardCharsets.UTF_8);
        String hash = sha(content, Files.createDirectories(dir.resolve("t")));
        BlobFolder blobs = new BlobFolder(dir.resolve("blobs"), 1024);
        assertThat(blobs.missing(List.of(hash)).missing()).containsExactly(new BlobStatus(hash, 0));

        UploadResult first = blobs.append(hash, content.length, 0, new ByteArrayInputStream(Arrays.copyOf(content, 5)));
        assertThat(first.complete()).isFalse();
        assertThat(blobs.missing(List.of(hash)).missing()).containsExactly(new BlobStatus(hash, 5));
        assertThatThrownBy(() -> blobs.append(hash, content.length, 0, new ByteArrayInputStream(content)))
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(409));

        UploadResult rest = blobs.append(
                hash, content.length, 5, new ByteArrayInputStream(Arrays.copyOfRange(content, 5, content.length)));
        assertThat(rest.complete()).isTrue();
        assertThat(blobs.has(hash)).isTrue();
        assertThat(blobs.missing(List.of(hash)).missing()).isEmpty();

        blobs.materialize(List.of(new FileEntry("shots/ball.pov", hash, content.length)), dir.resolve("job"));
        assertThat(Files.readAllBytes(dir.resolve("job/shots/ball.pov"))).isEqualTo(content);
    }

    @Test
    void refusesWrongHashesOversizedFilesAndUnsafeNames() throws Exception {
        BlobFolder blobs = new BlobFolder(dir.resolve("blobs"), 4);
        String zeros = "0".repeat(64);
        assertThatThrownBy(() -> blobs.append("../etc", 1, 0, new ByteArrayInputStream(new byte[1])))
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> blobs.append(zeros, 5, 0, new ByteArrayInputStream(new byte[5])))
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> blobs.append(zeros, 3, 0, new ByteArrayInputStream(new byte[3])))
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThat(blobs.received(zeros)).isZero();
        assertThatThrownBy(() -> blobs.materialize(List.of(new FileEntry("../x", zeros, 3)), dir.resolve("job")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.materialize(List.of(new FileEntry("x", zeros, 3)), dir.resolve("job")))
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldCollectContentsAndPartialUploadsUnusedForTheGracePeriod() throws Exception {
        ManualClock clock = new ManualClock();
        BlobFolder blobs = new BlobFolder(dir.resolve("blobs"), 1 << 20, null, PartialUploads.DEFAULT, clock);
        Path t = Files.createDirectories(dir.resolve("t"));
        byte[] old = "old scene".getBytes(StandardCharsets.UTF_8);
        byte[] asked = "asked about".getBytes(StandardCharsets.UTF_8);
        byte[] kept = "kept by the host".getBytes(StandardCharsets.UTF_8);
        byte[] fresh = "fresh".getBytes(StandardCharsets.UTF_8);
        byte[] part = "half an upload".getBytes(StandardCharsets.UTF_8);
        String oldHash = sha(old, t);
        String askedHash = sha(asked, t);
        String keptHash = sha(kept, t);
        String freshHash = sha(fresh, t);
        String partHash = sha(part, t);
        for (byte[] content : List.of(old, asked, kept)) {
            blobs.append(sha(content, t), content.length, 0, new ByteArrayInputStream(content));
        }
        blobs.append(partHash, part.length, 0, new ByteArrayInputStream(Arrays.copyOf(part, 4)));

        clock.advance(Duration.ofHours(20));
        assertThat(blobs.missing(List.of(askedHash)).missing()).isEmpty(); // a client about to submit asks first
        blobs.append(freshHash, fresh.length, 0, new ByteArrayInputStream(fresh));
        clock.advance(Duration.ofHours(6));

        BlobFolder.Collected collected = blobs.collectGarbage(Duration.ofDays(1), keptHash::equals);

        assertThat(collected).isEqualTo(new BlobFolder.Collected(1, 1, old.length + 4));
        assertThat(blobs.has(oldHash)).isFalse();
        assertThat(blobs.received(partHash)).isZero();
        assertThat(blobs.has(askedHash)).as("renewed by the question").isTrue();
        assertThat(blobs.has(keptHash)).as("in use by the host").isTrue();
        assertThat(blobs.has(freshHash)).isTrue();
        assertThat(blobs.collectGarbage(Duration.ofDays(1), h -> false).contents())
                .isZero();
    }

    @Test
    void shouldNeverCollectAContentWhileItIsLaidOutForAJob() throws Exception {
        ManualClock clock = new ManualClock();
        BlobFolder blobs = new BlobFolder(dir.resolve("blobs"), 1 << 20, null, PartialUploads.DEFAULT, clock);
        byte[] scene = "scene".getBytes(StandardCharsets.UTF_8);
        String hash = sha(scene, Files.createDirectories(dir.resolve("t")));
        blobs.append(hash, scene.length, 0, new ByteArrayInputStream(scene));
        clock.advance(Duration.ofDays(3));

        blobs.materialize(List.of(new FileEntry("scene.pov", hash, scene.length)), dir.resolve("job"));

        assertThat(blobs.collectGarbage(Duration.ofDays(1), h -> false).contents())
                .isZero();
        assertThat(blobs.has(hash)).isTrue();
    }

    @Test
    void shouldLeaveUnfinishedUploadsToTheirOwnExpiryNotToTheGracePeriod() throws Exception {
        ManualClock clock = new ManualClock();
        BlobFolder blobs = new BlobFolder(
                dir.resolve("blobs"), 1024, null, new PartialUploads(Duration.ofHours(48), 4096, null), clock);
        String sha = "7".repeat(64);
        blobs.append(sha, 100, 0, new ByteArrayInputStream(new byte[10]));
        // A file time far older than any grace: only the upload's last byte, by the clock, may count.
        Files.setLastModifiedTime(blobs.partialFolder().resolve(sha + ".part"), FileTime.from(Instant.EPOCH));
        clock.advance(Duration.ofHours(30));

        assertThat(blobs.collectGarbage(Duration.ofDays(1), h -> false)).isEqualTo(new BlobFolder.Collected(0, 0, 0));
        assertThat(blobs.received(sha)).isEqualTo(10);
        clock.advance(Duration.ofHours(19));
        assertThat(blobs.collectGarbage(Duration.ofDays(1), h -> false)).isEqualTo(new BlobFolder.Collected(0, 1, 10));
        assertThat(blobs.received(sha)).isZero();
    }

    @Test
    void shouldExpireAnUnfinishedUploadLeftWithoutAByteForItsTime() throws Exception {
        ManualClock clock = new ManualClock();
        BlobFolder blobs = new BlobFolder(
                dir.resolve("blobs"), 1024, null, new PartialUploads(Duration.ofHours(24), 4096, null), clock);
        String left = "1".repeat(64);
        String going = "2".repeat(64);
        blobs.append(left, 100, 0, new ByteArrayInputStream(new byte[40]));
        blobs.append(going, 100, 0, new ByteArrayInputStream(new byte[30]));

        clock.advance(Duration.ofHours(20));
        blobs.append(going, 100, 30, new ByteArrayInputStream(new byte[30]));
        assertThat(blobs.partialUsage()).containsExactly(2, 100);
        clock.advance(Duration.ofHours(5));

        assertThat(blobs.partialUsage())
                .as("the one without a byte for 25 h is gone")
                .containsExactly(1, 60);
        assertThat(blobs.received(left)).isZero();
        assertThat(blobs.received(going)).isEqualTo(60);
    }

    @Test
    void shouldCountAnUnfinishedUploadFoundOnDiskFromWhenItWasFirstSeen() throws Exception {
        String sha = "3".repeat(64);
        Files.createDirectories(dir.resolve("blobs/partial"));
        Files.write(dir.resolve("blobs/partial").resolve(sha + ".part"), new byte[10]);
        ManualClock clock = new ManualClock();
        BlobFolder blobs = new BlobFolder(
                dir.resolve("blobs"), 1024, null, new PartialUploads(Duration.ofHours(1), 4096, null), clock);

        clock.advance(Duration.ofMinutes(59));
        assertThat(blobs.partialUsage()).containsExactly(1, 10);
        clock.advance(Duration.ofMinutes(2));
        assertThat(blobs.partialUsage()).containsExactly(0, 0);
    }

    @Test
    void shouldRefuseAnUploadThatWouldTakeUnfinishedUploadsOverTheirQuota() throws Exception {
        BlobFolder blobs = new BlobFolder(
                dir.resolve("blobs"),
                1000,
                null,
                new PartialUploads(Duration.ofHours(24), 1500, "serve --max-partial-mb"),
                new ManualClock());
        blobs.append("4".repeat(64), 1000, 0, new ByteArrayInputStream(new byte[950]));

        assertThatThrownBy(() -> blobs.append("5".repeat(64), 600, 0, new ByteArrayInputStream(new byte[1])))
                .isInstanceOfSatisfying(SiteException.class, e -> {
                    assertThat(e.status()).isEqualTo(507);
                    assertThat(e.getMessage())
                            .contains("hold 950 of their 1500 bytes (serve --max-partial-mb)")
                            .contains("this file of 600 bytes");
                });
        assertThat(blobs.received("5".repeat(64))).isZero();
        assertThat(blobs.append("6".repeat(64), 550, 0, new ByteArrayInputStream(new byte[1]))
                        .received())
                .isEqualTo(1);
    }
}
