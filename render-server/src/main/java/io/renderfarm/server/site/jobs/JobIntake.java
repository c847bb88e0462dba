package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.DataFolder;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.CallbackTable;
import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.db.JobRecord;
import io.renderfarm.server.site.db.SiteDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Turns a checked submit into a job that exists: its rows and its folder, or neither. In one database
 * transaction, the insert decides the id (a candidate the {@code jobs} table already holds, or whose folder is
 * already on disk, is passed over for another), then the folder is created for that id alone and the job's files
 * are laid out and its scene checked there. A refused scene (422) or a failure — a full data folder above all,
 * answered 507 naming it — rolls the rows back and removes the folder this submit created; a folder it did not
 * create is never touched, so no submit can delete another job's files.
 *
 * <p>Ids are the submit's local second (by the site's clock) and 8 random base-36 characters (about 41 bits), readable and sortable; the
 * insert, not the randomness, is what makes them unique. The job's file lay-out runs under the database's lock: hard
 * links, so it takes milliseconds.
 */
public final class JobIntake {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int MAX_ATTEMPTS = 20;
    private final SiteDatabase db;
    private final JobStores stores;
    private final Path dataDir;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param dataDir the data folder, named when it is full
     * @param clock   the site's clock: the ids' second and the jobs' creation time
     */
    public JobIntake(SiteDatabase db, JobStores stores, Path dataDir, Clock clock) {
        this(db, stores, dataDir, clock, randomIds(clock));
    }

    /** @param ids candidate ids, tried in turn until one is free */
    public JobIntake(SiteDatabase db, JobStores stores, Path dataDir, Clock clock, Supplier<String> ids) {
        this.db = db;
        this.stores = stores;
        this.dataDir = dataDir;
        this.clock = clock;
        this.ids = ids;
    }

    private static Supplier<String> randomIds(Clock clock) {
        SecureRandom random = new SecureRandom();
        return () -> {
            LocalDateTime local = LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault());
            StringBuilder id = new StringBuilder(local.format(ID_TIME)).append('-');
            for (int i = 0; i < 8; i++) {
                id.append(Character.forDigit(random.nextInt(36), 36));
            }
            return id.toString();
        };
    }

    /**
     * Creates the job: rows committed and files laid out, or nothing at all.
     *
     * @throws ProblemException 422 for a scene its renderer refuses, 507 when the data folder is full
     */
    public JobRecord create(SubmitValidator.Valid v, Decision decision) throws IOException, SQLException {
        AtomicReference<JobWorkspace> created = new AtomicReference<>();
        try {
            return db.transaction(c -> {
                JobRecord record = insert(c, v, decision);
                JobWorkspace workspace = stores.workspace(record.id());
                try {
                    if (!workspace.claim()) {
                        throw new SQLException("job folder " + record.id() + " appeared during its submit");
                    }
                    created.set(workspace);
                    workspace.materialize(v.files(), stores.blobs());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Optional<String> badScene =
                        Renderers.forName(v.profile().renderer()).rejectScene(workspace.scene(v.scene()));
                if (badScene.isPresent()) {
                    throw new ProblemException(ProblemType.BAD_SCENE, badScene.get());
                }
                return record;
            });
        } catch (SQLException | RuntimeException e) {
            JobWorkspace workspace = created.get();
            if (workspace != null) {
                workspace.delete();
            }
            if (e instanceof ProblemException) {
                throw e;
            }
            Exception cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            Optional<String> full = DataFolder.full(dataDir, cause);
            if (full.isPresent()) {
                throw new ProblemException(
                        507,
                        "Insufficient storage",
                        full.get() + ", so the job was not created;" + " free space there and submit again");
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Inserts the job's rows under the first free candidate id; returns the row as inserted. */
    private JobRecord insert(Connection c, SubmitValidator.Valid v, Decision decision) throws SQLException {
        String profile;
        String output;
        try {
            profile = SiteJson.lenient().writeValueAsString(ProfileReader.toJson(v.profile()));
            output = SiteJson.lenient().writeValueAsString(v.output());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the job's profile as JSON", e);
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String id = ids.get();
            if (!SiteProtocol.isJobId(id)) {
                throw new IllegalStateException("generated job id '" + id + "' is not a job id");
            }
            if (stores.workspace(id).exists()) {
                continue; // a folder no row owns (a crash mid-submit): never reuse it, never delete it
            }
            JobRecord record = JobRecord.builder()
                    .id(id)
                    .name(v.name())
                    .scene(v.scene())
                    .frames(v.frames().toString())
                    .total(v.frames().size())
                    .renderer(v.profile().renderer())
                    .profileJson(profile)
                    .outputJson(output)
                    .where(v.where())
                    .decision(decision)
                    .callbackUrl(v.callbackUrl())
                    .createdAt(clock.instant().toEpochMilli())
                    .priority(v.priority())
                    .build();
            if (!stores.jobs().tryInsert(c, record, v.files(), v.frames())) {
                continue;
            }
            if (v.callbackUrl() != null) {
                CallbackTable.insert(c, id, v.callbackUrl(), v.callbackSecret());
            }
            if (decision.where() == Where.REMOTE) {
                DelegationTable.insert(c, id, decision.site());
            }
            return record;
        }
        throw new SQLException("no free job id after " + MAX_ATTEMPTS + " attempts");
    }
}
