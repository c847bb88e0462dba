package io.renderfarm.server.site.db;

import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: {@code V<n>__<what>.sql} resources beside this class applied in order, each once, recorded in
 * {@code schema_version}. A database written by a newer site (a version above the last known) is refused rather
 * than misread.
 */
final class Migrations {
    /** Every migration in order; add new ones at the end, never edit an applied one. */
    static final List<String> ALL = List.of(
            "V1__init.sql", "V2__delegation.sql", "V3__chunk_logs.sql", "V4__priority.sql", "V5__frame_size.sql");

    private Migrations() {}

    /**
     * Applies the pending migrations on {@code c} (inside the caller's transaction), recording when by
     * {@code clock}; returns the version now.
     */
    static Integer apply(Connection c, Clock clock) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    + " applied_at INTEGER NOT NULL)");
        }
        int current = currentVersion(c);
        if (current > ALL.size()) {
            throw new SQLException("the database has schema version " + current + " but this site knows only up to "
                    + ALL.size() + "; use a newer renderfarm or another --data folder");
        }
        for (int v = current + 1; v <= ALL.size(); v++) {
            String name = ALL.get(v - 1);
            try (Statement s = c.createStatement()) {
                for (String sql : script(name).split(";")) {
                    String statement = stripComments(sql);
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?, ?)")) {
                p.setInt(1, v);
                p.setString(2, name);
                p.setLong(3, clock.instant().toEpochMilli());
                p.executeUpdate();
            }
        }
        return ALL.size();
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String script(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.strip().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
