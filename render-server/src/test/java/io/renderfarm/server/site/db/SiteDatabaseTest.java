package io.renderfarm.server.site.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database: WAL mode, versioned migrations applied once, newer schemas refused. */
class SiteDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void shouldOpenInWalModeAtTheLatestSchemaVersion() throws Exception {
        try (SiteDatabase db = SiteDatabase.open(dir.resolve("site.db"))) {
            assertThat(db.journalMode()).isEqualToIgnoringCase("wal");
            assertThat(db.read(Migrations::currentVersion)).isEqualTo(Migrations.ALL.size());
        }
    }

    @Test
    void shouldApplyEachMigrationOnlyOnce() throws Exception {
        SiteDatabase.open(dir.resolve("site.db")).close();
        try (SiteDatabase db = SiteDatabase.open(dir.resolve("site.db"))) {
            int rows = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(Migrations.ALL.size());
        }
    }

    @Test
    void shouldDateEachMigrationByTheSitesClock() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));
        try (SiteDatabase db = SiteDatabase.open(dir.resolve("site.db"), () -> {}, clock)) {
            List<Long> applied = db.read(c -> {
                List<Long> at = new ArrayList<>();
                try (var rs = c.createStatement().executeQuery("SELECT applied_at FROM schema_version")) {
                    while (rs.next()) {
                        at.add(rs.getLong(1));
                    }
                }
                return at;
            });
            assertThat(applied)
                    .hasSize(Migrations.ALL.size())
                    .containsOnly(clock.instant().toEpochMilli());
        }
    }

    @Test
    void shouldRefuseADatabaseWrittenByANewerSite() throws Exception {
        try (SiteDatabase db = SiteDatabase.open(dir.resolve("site.db"))) {
            db.transaction(
                    c -> c.createStatement().executeUpdate("INSERT INTO schema_version VALUES (99, 'future', 0)"));
        }
        assertThatThrownBy(() -> SiteDatabase.open(dir.resolve("site.db"))).hasMessageContaining("schema version 99");
    }
}
