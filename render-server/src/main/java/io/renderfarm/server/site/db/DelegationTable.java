package io.renderfarm.server.site.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code delegations} table: for each job this site handed to a remote site, the site, the remote job id once
 * it accepted the job, the last remote event relayed, and when the remote's completion notice arrived. What a
 * restart needs to re-attach instead of submitting again.
 */
public final class DelegationTable {
    /** One row. */
    public record Row(String job, String site, String remoteJob, long lastEvent, Long notifiedAt) {}

    private final SiteDatabase db;

    public DelegationTable(SiteDatabase db) {
        this.db = db;
    }

    public void insert(String job, String site) throws SQLException {
        db.transaction(c -> {
            insert(c, job, site);
            return null;
        });
    }

    /** Records where a job goes, inside the caller's transaction on {@code c}. */
    public static void insert(java.sql.Connection c, String job, String site) throws SQLException {
        JobTable.update(c, "INSERT OR IGNORE INTO delegations (job_id, site) VALUES (?, ?)", job, site);
    }

    public void submitted(String job, String remoteJob) throws SQLException {
        update("UPDATE delegations SET remote_job = ? WHERE job_id = ?", remoteJob, job);
    }

    public void relayed(String job, long lastEvent) throws SQLException {
        update("UPDATE delegations SET last_event = MAX(last_event, ?) WHERE job_id = ?", lastEvent, job);
    }

    public void notified(String job, long at) throws SQLException {
        update("UPDATE delegations SET notified_at = COALESCE(notified_at, ?) WHERE job_id = ?", at, job);
    }

    public Optional<Row> find(String job) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT site, remote_job, last_event, notified_at" + " FROM delegations WHERE job_id = ?")) {
                p.setString(1, job);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long notified = rs.getLong(4);
                    return Optional.of(new Row(
                            job, rs.getString(1), rs.getString(2), rs.getLong(3), rs.wasNull() ? null : notified));
                }
            }
        });
    }

    private void update(String sql, Object... args) throws SQLException {
        db.transaction(c -> {
            JobTable.update(c, sql, args);
            return null;
        });
    }
}
