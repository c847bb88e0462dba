package io.renderfarm.server.site.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.site.api.ChunkView;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records a job's events and what they mean for the job, its chunks and its frames, each event in one transaction:
 * the event row (numbered per job) and the state it implies commit together, so after a crash the database never
 * shows a frame done without its event or the other way round.
 */
public final class EventLedger {
    private final SiteDatabase db;
    private final Clock clock;

    /** @param clock what dates chunks' starts and ends and jobs' ends */
    public EventLedger(SiteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores the event of run {@code run} and applies it; returns its sequence number within the job. */
    public long record(String jobId, int run, JobEvent e) throws SQLException {
        String body;
        try {
            body = SiteJson.lenient().writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new SQLException("event cannot be written as JSON: " + e, ex);
        }
        return db.transaction(c -> {
            long seq;
            try (PreparedStatement p =
                    c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE job_id = ?")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            JobTable.update(
                    c,
                    "INSERT INTO events (job_id, seq, run, type, body) VALUES (?,?,?,?,?)",
                    jobId,
                    seq,
                    run,
                    e.type(),
                    body);
            apply(c, jobId, run, e, clock.instant().toEpochMilli());
            return seq;
        });
    }

    private static void apply(Connection c, String job, int run, JobEvent e, long now) throws SQLException {
        if (e instanceof JobEvent.JobStarted s) {
            JobTable.update(c, "UPDATE jobs SET state = 'RUNNING', total = ? WHERE id = ?", s.total(), job);
        } else if (e instanceof JobEvent.ChunkStarted s) {
            JobTable.update(
                    c,
                    "INSERT OR REPLACE INTO chunks (job_id, run, chunk, frames, slot, pass, attempt, state,"
                            + " started_at) VALUES (?,?,?,?,?,?,?,'running',?)",
                    job,
                    run,
                    s.chunk(),
                    s.frames(),
                    s.slot(),
                    s.pass(),
                    s.attempt(),
                    now);
            if ("final".equals(s.pass())) {
                setFrames(c, job, s.frames(), "rendering");
            }
            // after an approval the job renders again (the approval itself is no event)
            JobTable.update(c, "UPDATE jobs SET state = 'RUNNING' WHERE id = ? AND state = 'AWAITING_APPROVAL'", job);
        } else if (e instanceof JobEvent.FrameDone f) {
            JobTable.update(
                    c,
                    "UPDATE frames SET state = 'done', file = ?, sha256 = ?, bytes = ?,"
                            // a frame announced again after a restart keeps the dimensions its first run saw
                            + " width = CASE WHEN sha256 = ? THEN COALESCE(?, width) ELSE ? END,"
                            + " height = CASE WHEN sha256 = ? THEN COALESCE(?, height) ELSE ? END,"
                            + " run = CASE WHEN ? THEN COALESCE(run, ?) ELSE ? END WHERE job_id = ? AND frame = ?",
                    f.file(),
                    f.sha256(),
                    f.bytes(),
                    f.sha256(),
                    f.width(),
                    f.width(),
                    f.sha256(),
                    f.height(),
                    f.height(),
                    f.skipped(),
                    run,
                    run,
                    job,
                    f.frame());
            if (f.done() != null) {
                JobTable.update(c, "UPDATE jobs SET done = ? WHERE id = ?", f.done(), job);
            }
        } else if (e instanceof JobEvent.ChunkFinished f) {
            JobTable.update(
                    c,
                    "UPDATE chunks SET state = 'finished', finished_at = ?"
                            + " WHERE job_id = ? AND run = ? AND chunk = ?",
                    now,
                    job,
                    run,
                    f.chunk());
        } else if (e instanceof JobEvent.ChunkLog l) {
            JobTable.update(
                    c,
                    "UPDATE chunks SET host = ?, exit_code = ?, kind = ?, log_file = ?,"
                            + " log_chars = ?, state = CASE WHEN ? = 'killed' THEN 'killed' ELSE state END,"
                            + " reason = COALESCE(reason, ?) WHERE job_id = ? AND run = ? AND chunk = ?",
                    l.host(),
                    l.exitCode(),
                    l.kind(),
                    l.file(),
                    l.chars(),
                    l.state(),
                    l.reason(),
                    job,
                    run,
                    l.chunk());
        } else if (e instanceof JobEvent.ChunkFailed f) {
            JobTable.update(
                    c,
                    "UPDATE chunks SET state = 'failed', reason = ?, finished_at = ?"
                            + " WHERE job_id = ? AND run = ? AND chunk = ?",
                    f.reason(),
                    now,
                    job,
                    run,
                    f.chunk());
            if (isFinalPass(c, job, run, f.chunk())) {
                setFrames(c, job, f.frames(), f.willRetry() ? "pending" : "failed");
            }
        } else if (e instanceof JobEvent.AwaitingApproval) {
            JobTable.update(c, "UPDATE jobs SET state = 'AWAITING_APPROVAL' WHERE id = ?", job);
        } else if (e instanceof JobEvent.Canceled k) {
            JobTable.update(
                    c,
                    "UPDATE jobs SET cancel_requested = COALESCE(cancel_requested, ?)" + " WHERE id = ?",
                    k.reason(),
                    job);
        } else if (e instanceof JobEvent.JobFinished f) {
            finish(c, job, f, now);
        }
        // decision, sample, slot-blocklisted: recorded for replay only
    }

    private static void finish(Connection c, String job, JobEvent.JobFinished e, long now) throws SQLException {
        JobTable.update(
                c,
                "UPDATE jobs SET state = ?, reason = ?, failed = ?, done = ?, finished_at = ? WHERE id = ?",
                e.state(),
                e.reason(),
                e.failed(),
                e.done(),
                now,
                job);
        JobTable.update(c, "UPDATE frames SET state = 'pending' WHERE job_id = ? AND state = 'rendering'", job);
        JobTable.update(
                c,
                "UPDATE chunks SET state = 'killed', finished_at = ? WHERE job_id = ? AND state = 'running'",
                now,
                job);
        if ("FAILED".equals(e.state())) {
            setFrames(c, job, e.failed(), "failed");
        }
    }

    private static boolean isFinalPass(Connection c, String job, int run, int chunk) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT pass FROM chunks WHERE job_id = ? AND run = ? AND chunk = ?")) {
            p.setString(1, job);
            p.setInt(2, run);
            p.setInt(3, chunk);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && "final".equals(rs.getString(1));
            }
        }
    }

    /** Sets the state of the frames in {@code spec} that are not done yet. */
    private static void setFrames(Connection c, String job, String spec, String state) throws SQLException {
        if (spec == null || spec.isBlank()) {
            return;
        }
        try (PreparedStatement p =
                c.prepareStatement("UPDATE frames SET state = ? WHERE job_id = ? AND frame = ? AND state != 'done'")) {
            for (int frame : FrameSet.parse(spec)) {
                p.setString(1, state);
                p.setString(2, job);
                p.setInt(3, frame);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The job's stored events after sequence number {@code after}, in order. */
    public List<SiteEvent> after(String jobId, long after) throws SQLException {
        return db.read(c -> {
            List<SiteEvent> events = new ArrayList<>();
            try (PreparedStatement p =
                    c.prepareStatement("SELECT seq, body FROM events WHERE job_id = ? AND seq > ? ORDER BY seq")) {
                p.setString(1, jobId);
                p.setLong(2, after);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        events.add(new SiteEvent(rs.getLong(1), parse(rs.getString(2))));
                    }
                }
            }
            return events;
        });
    }

    /** Whether any event of the job is a preview sample (a resumed job then skips its preview pass). */
    public boolean hadPreview(String jobId) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM events WHERE job_id = ? AND type = 'sample'"
                    + " AND body LIKE '%\"kind\":\"preview\"%' LIMIT 1")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Every chunk attempt of the job, over all its runs, in the order they started. */
    public List<ChunkView> chunks(String jobId) throws SQLException {
        return db.read(c -> {
            List<ChunkView> chunks = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT run, chunk, attempt, pass, frames, slot, host, state,"
                    + " reason, kind, exit_code, started_at, finished_at, log_chars FROM chunks WHERE job_id = ?"
                    + " ORDER BY run, started_at, chunk")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        chunks.add(new ChunkView(
                                rs.getInt(1),
                                rs.getInt(2),
                                rs.getInt(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                (Integer) rs.getObject(11),
                                Instant.ofEpochMilli(rs.getLong(12)).toString(),
                                rs.getObject(13) == null
                                        ? null
                                        : Instant.ofEpochMilli(rs.getLong(13)).toString(),
                                ChunkView.logPath(jobId, rs.getInt(2)),
                                rs.getObject(14) == null ? null : rs.getLong(14)));
                    }
                }
            }
            return chunks;
        });
    }

    /** The file the log of a chunk (its latest run's, should a number repeat) is kept in, if it ended with one. */
    public Optional<String> logFile(String jobId, int chunk) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT log_file FROM chunks WHERE job_id = ? AND chunk = ?" + " ORDER BY run DESC LIMIT 1")) {
                p.setString(1, jobId);
                p.setInt(2, chunk);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The first chunk number no run of the job has used, so a resumed run's logs do not replace earlier ones. */
    public int nextChunk(String jobId) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement p =
                    c.prepareStatement("SELECT COALESCE(MAX(chunk), 0) + 1 FROM chunks WHERE job_id = ?")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    public List<FrameView> frames(String jobId) throws SQLException {
        return db.read(c -> {
            List<FrameView> frames = new ArrayList<>();
            try (PreparedStatement p =
                    c.prepareStatement("SELECT frame, state, file, sha256, bytes, width, height FROM frames"
                            + " WHERE job_id = ? ORDER BY frame")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        int frame = rs.getInt(1);
                        String state = rs.getString(2);
                        long bytes = rs.getLong(5);
                        Long b = rs.wasNull() ? null : bytes;
                        String url = "done".equals(state) ? SiteProtocol.jobPath(jobId) + "/frames/" + frame : null;
                        boolean done = "done".equals(state);
                        Integer width = done ? nullableInt(rs, 6) : null;
                        Integer height = done ? nullableInt(rs, 7) : null;
                        frames.add(
                                new FrameView(frame, state, rs.getString(3), rs.getString(4), b, url, width, height));
                    }
                }
            }
            return frames;
        });
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static JobEvent parse(String body) throws SQLException {
        try {
            return SiteJson.lenient().readValue(body, JobEvent.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored event is not JSON: " + body, e);
        }
    }
}
