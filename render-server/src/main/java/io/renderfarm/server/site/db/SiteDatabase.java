package io.renderfarm.server.site.db;

import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.base.DataFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The site's embedded database: one SQLite file in WAL mode under the data folder, migrated to the current schema
 * on open. WAL with {@code synchronous=NORMAL} keeps every committed transaction through a kill -9 of the site
 * (only a power loss may drop the last few), which is what resuming jobs after a crash relies on.
 *
 * <p>One connection, used under this object's lock: the site's writes are a few small rows per job event, and
 * serialising them is simpler and safer than a pool against one SQLite file.
 */
public final class SiteDatabase implements AutoCloseable {
    /** A unit of work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection connection;

    private SiteDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database file and applies pending migrations. */
    public static SiteDatabase open(Path file) throws IOException {
        return open(file, () -> {}, Clock.SYSTEM);
    }

    /**
     * Opens the database like {@link #open(Path)}, but when the file holds no table yet (it is new, or empty)
     * first runs {@code beforeCreating}, which refuses by throwing; then nothing is created. Migrations are dated by
     * {@code clock}.
     */
    public static SiteDatabase open(Path file, Runnable beforeCreating, Clock clock) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
                try (var tables = s.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
                    if (tables.next() && tables.getInt(1) == 0) {
                        beforeCreating.run();
                    }
                }
            } catch (RuntimeException refused) {
                c.close();
                throw refused;
            }
            SiteDatabase db = new SiteDatabase(c);
            db.transaction(tx -> Migrations.apply(tx, clock));
            return db;
        } catch (SQLException e) {
            throw new IOException(
                    DataFolder.explain(
                            file.toAbsolutePath().getParent(),
                            "cannot open the site database " + file + ": " + e.getMessage()),
                    e);
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    public synchronized <T> T transaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Runs a read; SQLite gives it a consistent snapshot. */
    public synchronized <T> T read(Work<T> work) throws SQLException {
        return work.run(connection);
    }

    /** The journal mode in force, for tests and the resource page. */
    public String journalMode() throws SQLException {
        return read(c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery("PRAGMA journal_mode")) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing at shutdown: WAL recovery on the next open covers anything left.
        }
    }
}
