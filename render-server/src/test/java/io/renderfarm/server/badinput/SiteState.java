package io.renderfarm.server.badinput;

import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a site has stored, to prove a refused request changed none of it: every row of every table of its
 * SQLite database (read through a read-only connection, as another process would) and every file under its data
 * folder with its size and SHA-256 (the database's own files and the lock aside: SQLite may checkpoint them).
 */
public record SiteState(Map<String, List<String>> tables, Map<String, String> files) {
    private static final Set<String> DATABASE_FILES = Set.of("site.db", "site.db-wal", "site.db-shm", "site.lock");

    public static SiteState of(Path data) throws IOException, SQLException {
        return new SiteState(tables(data.resolve("site.db")), files(data));
    }

    private static Map<String, List<String>> tables(Path db) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
                Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String table : names) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i))
                                    .append('=')
                                    .append(rs.getString(i))
                                    .append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        }
        return tables;
    }

    private static Map<String, String> files(Path data) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.toList()) {
                String name = data.relativize(p).toString();
                if (DATABASE_FILES.contains(name)) {
                    continue;
                }
                files.put(
                        name + (Files.isDirectory(p) ? "/" : ""),
                        Files.isRegularFile(p) ? Files.size(p) + " " + FrameVerifier.sha256(p) : "");
            }
        }
        return files;
    }
}
