package io.renderfarm.server.site.db;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.RemoteJob;
import io.renderfarm.engine.site.api.Where;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the {@code jobs} and {@code job_files} tables (and seeds {@code frames}). */
public final class JobTable {
    /** A job row with its delegation, if it has one. */
    private static final String SELECT =
            "SELECT j.*, d.site AS d_site, d.remote_job AS d_job, d.notified_at AS d_notified"
                    + " FROM jobs j LEFT JOIN delegations d ON d.job_id = j.id";

    private final SiteDatabase db;

    public JobTable(SiteDatabase db) {
        this.db = db;
    }

    void insert(JobRecord j, List<FileEntry> files, FrameSet frames) throws SQLException {
        db.transaction(c -> {
            if (!tryInsert(c, j, files, frames)) {
                throw new SQLException("job " + j.id() + " exists");
            }
            return null;
        });
    }

    /**
     * Inserts the job, its files and its pending frames on {@code c}, inside the caller's transaction; false, with
     * nothing inserted, when the table already holds a job with that id.
     */
    public boolean tryInsert(Connection c, JobRecord j, List<FileEntry> files, FrameSet frames) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ?")) {
            p.setString(1, j.id());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (id, name, scene, frames, total, renderer,"
                + " profile, output, where_requested, decision_where, decision_reason, decision_site, callback_url,"
                + " state, created_at, priority) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            p.setString(i++, j.id());
            p.setString(i++, j.name());
            p.setString(i++, j.scene());
            p.setString(i++, j.frames());
            p.setInt(i++, j.total());
            p.setString(i++, j.renderer());
            p.setString(i++, j.profileJson());
            p.setString(i++, j.outputJson());
            p.setString(i++, j.where().wireName());
            p.setString(i++, j.decision().where().wireName());
            p.setString(i++, j.decision().reason());
            p.setString(i++, j.decision().site());
            p.setString(i++, j.callbackUrl());
            p.setString(i++, j.state().name());
            p.setLong(i++, j.createdAt());
            p.setInt(i, j.priority());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO job_files VALUES (?,?,?,?)")) {
            for (FileEntry f : files) {
                p.setString(1, j.id());
                p.setString(2, f.path());
                p.setString(3, f.sha256());
                p.setLong(4, f.size());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO frames (job_id, frame, state) VALUES (?,?,'pending')")) {
            for (int frame : frames) {
                p.setString(1, j.id());
                p.setInt(2, frame);
                p.addBatch();
            }
            p.executeBatch();
        }
        return true;
    }

    public Optional<JobRecord> find(String id) throws SQLException {
        return db.read(c -> {
            List<JobRecord> found = query(c, SELECT + " WHERE j.id = ?", id);
            return found.stream().findFirst();
        });
    }

    /** Newest first. */
    public List<JobRecord> list() throws SQLException {
        return db.read(c -> query(c, SELECT + " ORDER BY j.created_at DESC, j.id DESC"));
    }

    /** Jobs a restart must resume (or finish canceling), oldest first. */
    public List<JobRecord> unfinished() throws SQLException {
        return db.read(c -> query(
                c,
                SELECT + " WHERE j.state NOT IN ('SUCCEEDED','FAILED','CANCELED')" + " ORDER BY j.created_at, j.id"));
    }

    public Map<String, Integer> countsByState() throws SQLException {
        return db.read(c -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (JobState s : JobState.values()) {
                counts.put(s.name(), 0);
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT state, COUNT(*) FROM jobs GROUP BY state")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            return counts;
        });
    }

    public List<FileEntry> files(String id) throws SQLException {
        return db.read(c -> {
            List<FileEntry> files = new ArrayList<>();
            try (PreparedStatement p =
                    c.prepareStatement("SELECT path, sha256, size FROM job_files WHERE job_id = ? ORDER BY path")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        files.add(new FileEntry(rs.getString(1), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            return files;
        });
    }

    public void setPriority(String id, int priority) throws SQLException {
        update("UPDATE jobs SET priority = ? WHERE id = ?", priority, id);
    }

    public void requestCancel(String id, String reason) throws SQLException {
        update("UPDATE jobs SET cancel_requested = ? WHERE id = ? AND cancel_requested IS NULL", reason, id);
    }

    /** Counts a new run of the job and returns its number (1 for the first). */
    public int startRun(String id) throws SQLException {
        return db.transaction(c -> {
            update(c, "UPDATE jobs SET runs = runs + 1 WHERE id = ?", id);
            return query(c, SELECT + " WHERE j.id = ?", id).get(0).runs();
        });
    }

    private void update(String sql, Object... args) throws SQLException {
        db.transaction(c -> {
            update(c, sql, args);
            return null;
        });
    }

    static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    private static List<JobRecord> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<JobRecord> jobs = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    jobs.add(read(rs));
                }
            }
            return jobs;
        }
    }

    private static JobRecord read(ResultSet rs) throws SQLException {
        long finished = rs.getLong("finished_at");
        Long finishedAt = rs.wasNull() ? null : finished;
        long notified = rs.getLong("d_notified");
        String notifiedAt = rs.wasNull() ? null : Instant.ofEpochMilli(notified).toString();
        RemoteJob remote = rs.getString("d_site") == null
                ? null
                : new RemoteJob(rs.getString("d_site"), rs.getString("d_job"), notifiedAt);
        return JobRecord.builder()
                .id(rs.getString("id"))
                .name(rs.getString("name"))
                .scene(rs.getString("scene"))
                .frames(rs.getString("frames"))
                .total(rs.getInt("total"))
                .done(rs.getInt("done"))
                .failed(rs.getString("failed"))
                .renderer(rs.getString("renderer"))
                .profileJson(rs.getString("profile"))
                .outputJson(rs.getString("output"))
                .where(Where.fromWireName(rs.getString("where_requested")))
                .decision(new Decision(
                        Where.fromWireName(rs.getString("decision_where")),
                        rs.getString("decision_reason"),
                        rs.getString("decision_site")))
                .remote(remote)
                .callbackUrl(rs.getString("callback_url"))
                .state(JobState.valueOf(rs.getString("state")))
                .reason(rs.getString("reason"))
                .cancelRequested(rs.getString("cancel_requested"))
                .runs(rs.getInt("runs"))
                .createdAt(rs.getLong("created_at"))
                .finishedAt(finishedAt)
                .priority(rs.getInt("priority"))
                .build();
    }
}
