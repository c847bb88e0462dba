package io.renderfarm.server.site.db;

import io.renderfarm.engine.site.callback.NonceStore;
import io.renderfarm.engine.time.Clock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code callbacks} table, for jobs other sites delegated here: where each job's completion notice goes, the
 * key it is signed with (never shown, never logged), and whether it was delivered, so a restart sends the ones
 * still owed. Also the {@code callback_nonces} of notices this site accepted, as a {@link NonceStore} that
 * refuses replays across restarts.
 */
public final class CallbackTable implements NonceStore {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackTable.class);

    /** A notice owed: the job, its URL and key. */
    public record Owed(String job, String url, String secret) {
        @Override
        public String toString() {
            return "Owed[" + job + " -> " + url + "]";
        }
    }

    private final SiteDatabase db;
    private final Clock clock;

    /** @param clock what decides when a nonce has expired */
    public CallbackTable(SiteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records the notice a new job owes, inside the caller's transaction on {@code c}. */
    public static void insert(java.sql.Connection c, String job, String url, String secret) throws SQLException {
        JobTable.update(c, "INSERT OR IGNORE INTO callbacks (job_id, url, secret) VALUES (?, ?, ?)", job, url, secret);
    }

    /** The notice of a job that just finished, marked as being sent; null when it owes none (or sent it). */
    public Owed due(String job) throws SQLException {
        return db.transaction(c -> {
            List<Owed> owed =
                    owed(c, "SELECT job_id, url, secret FROM callbacks WHERE job_id = ? AND state = 'waiting'", job);
            JobTable.update(c, "UPDATE callbacks SET state = 'sending' WHERE job_id = ? AND state = 'waiting'", job);
            return owed.isEmpty() ? null : owed.get(0);
        });
    }

    /** Notices of final jobs not delivered yet: those a previous process was sending, or never got to. */
    public List<Owed> undelivered() throws SQLException {
        return db.read(
                c -> owed(
                        c,
                        "SELECT c.job_id, c.url, c.secret FROM callbacks c JOIN jobs j ON j.id = c.job_id"
                                + " WHERE c.state IN ('waiting', 'sending') AND j.state IN ('SUCCEEDED', 'FAILED', 'CANCELED')"));
    }

    public void outcome(String job, String state, int attempts, String problem) throws SQLException {
        update(
                "UPDATE callbacks SET state = ?, attempts = attempts + ?, problem = ? WHERE job_id = ?",
                state,
                attempts,
                problem,
                job);
    }

    @Override
    public boolean remember(String nonce, Instant expiresAt) {
        try {
            return db.transaction(c -> {
                JobTable.update(
                        c,
                        "DELETE FROM callback_nonces WHERE expires_at < ?",
                        clock.instant().getEpochSecond());
                try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO callback_nonces VALUES (?, ?)")) {
                    p.setString(1, nonce);
                    p.setLong(2, expiresAt.getEpochSecond());
                    return p.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            LOG.error("cannot record a notice's nonce: {}", e.getMessage());
            return false; // refusing is safe: the delegating side polls anyway
        }
    }

    private static List<Owed> owed(java.sql.Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<Owed> owed = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    owed.add(new Owed(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return owed;
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        db.transaction(c -> {
            JobTable.update(c, sql, args);
            return null;
        });
    }
}
