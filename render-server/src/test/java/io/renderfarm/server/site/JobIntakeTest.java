package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.PartialUploads;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.db.JobRecord;
import io.renderfarm.server.site.db.JobTable;
import io.renderfarm.server.site.db.SiteDatabase;
import io.renderfarm.server.site.jobs.BlobStore;
import io.renderfarm.server.site.jobs.JobIntake;
import io.renderfarm.server.site.jobs.JobStores;
import io.renderfarm.server.site.jobs.SubmitValidator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submit becoming a job: the database decides the id, files are laid out only under the id it granted, and a
 * refused submit removes only what it laid out itself. Candidate ids are scripted here, so the collisions a busy
 * site meets by chance (two submits in the same second drawing the same suffix) happen every time.
 */
class JobIntakeTest {
    private static final String A = "20990101-000000-aaaaaaaa";
    private static final String B = "20990101-000000-bbbbbbbb";
    private static final String C = "20990101-000000-cccccccc";
    private static final Decision HERE = new Decision(Where.LOCAL, "test", null);
    private static final int PRIORITY = 70;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));
    private SiteDatabase db;
    private Path data;
    private JobStores stores;

    @BeforeEach
    void openSite() throws Exception {
        data = dir.resolve("data");
        db = SiteDatabase.open(data.resolve("site.db"));
        stores = new JobStores(
                new JobTable(db),
                new EventLedger(db, clock),
                new DelegationTable(db),
                new BlobStore(data.resolve("blobs"), 1 << 20, PartialUploads.DEFAULT, clock),
                data.resolve("jobs"));
    }

    @AfterEach
    void closeSite() {
        db.close();
    }

    @Test
    void shouldPassOverAnIdTheDatabaseHoldsOrAFolderNoJobOwnsAndLeaveThatFolderAlone() throws Exception {
        SubmitValidator.Valid scene = valid("shot.pov", "// renderfarm: width=16 height=12\nsphere { 0, 1 }\n");
        Path orphan = Files.createDirectories(stores.workspace(B).files()).resolve("keep.txt");
        Files.writeString(orphan, "left by a crash mid-submit");
        JobIntake intake = new JobIntake(db, stores, data, clock, ids(A, A, B, C));

        JobRecord first = intake.create(scene, HERE);
        JobRecord second = intake.create(scene, HERE);

        assertThat(first.id()).isEqualTo(A);
        assertThat(second.id()).isEqualTo(C);
        assertThat(stores.jobs().list()).extracting(JobRecord::id).containsExactlyInAnyOrder(A, C);
        assertThat(stores.workspace(A).scene("shot.pov")).exists();
        assertThat(stores.workspace(C).scene("shot.pov")).exists();
        assertThat(orphan).hasContent("left by a crash mid-submit");
        assertThat(stores.jobs().find(C).orElseThrow().priority())
                .as("the submit's priority")
                .isEqualTo(PRIORITY);
    }

    @Test
    void shouldRemoveOnlyWhatARefusedSubmitLaidOutAndKeepTheAcceptedJobsFiles() throws Exception {
        SubmitValidator.Valid good = valid("shot.pov", "// renderfarm: width=16 height=12\nsphere { 0, 1 }\n");
        SubmitValidator.Valid bad = valid("shot.pov", "// renderfarm: width=0\nsphere { 0, 1 }\n");
        JobIntake intake = new JobIntake(db, stores, data, clock, ids(A, A, B));
        intake.create(good, HERE);

        assertThatThrownBy(() -> intake.create(bad, HERE))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(422));

        assertThat(stores.jobs().list()).extracting(JobRecord::id).containsExactly(A);
        assertThat(stores.jobs().files(B)).isEmpty();
        assertThat(stores.workspace(B).exists())
                .as("the refused submit's own folder")
                .isFalse();
        assertThat(stores.workspace(A).scene("shot.pov"))
                .as("the accepted job's files")
                .exists()
                .hasContent("// renderfarm: width=16 height=12\nsphere { 0, 1 }\n");
    }

    @Test
    void shouldNameAndDateTheJobByTheSitesClock() throws Exception {
        SubmitValidator.Valid scene = valid("shot.pov", "// renderfarm: width=16 height=12\nsphere { 0, 1 }\n");
        clock.advance(Duration.ofMinutes(90).plusSeconds(7));

        JobRecord job = new JobIntake(db, stores, data, clock).create(scene, HERE);

        String localSecond = LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        assertThat(job.id()).matches(localSecond + "-[a-z0-9]{8}");
        assertThat(job.createdAt())
                .isEqualTo(Instant.parse("2030-01-01T13:30:07Z").toEpochMilli());
    }

    private static Supplier<String> ids(String... candidates) {
        Deque<String> queue = new ArrayDeque<>(List.of(candidates));
        return queue::removeFirst;
    }

    /** A checked submit of one POV-Ray scene file with {@code text}, its content uploaded to the blob store. */
    private SubmitValidator.Valid valid(String name, String text) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "scene", ".pov"), text);
        String sha = FrameVerifier.sha256(file);
        if (!stores.blobs().has(sha)) {
            try (InputStream in = Files.newInputStream(file)) {
                stores.blobs().append(sha, Files.size(file), 0, in);
            }
        }
        return new SubmitValidator.Valid(
                name,
                name,
                List.of(new FileEntry(name, sha, Files.size(file))),
                FrameSet.range(1, 2),
                JobProfile.defaults("povray"),
                OutputNaming.withPrefix("shot_"),
                Where.LOCAL,
                null,
                null,
                PRIORITY);
    }
}
