package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.server.site.db.CallbackTable;
import io.renderfarm.server.site.db.SiteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site's nonces of accepted notices, kept in its database, expiring by the site's clock. */
class CallbackTableTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));
    private SiteDatabase db;
    private CallbackTable table;

    @BeforeEach
    void open() throws Exception {
        db = SiteDatabase.open(dir.resolve("site.db"));
        table = new CallbackTable(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void shouldRefuseANonceUntilItExpiresByTheClockAndForgetItAfter() throws Exception {
        Instant expiry = clock.instant().plus(CallbackSignature.WINDOW);

        assertThat(table.remember("n-1", expiry)).isTrue();
        clock.advance(CallbackSignature.WINDOW);
        assertThat(table.remember("n-1", expiry))
                .as("a replay within the window")
                .isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(table.remember("n-1", clock.instant().plus(CallbackSignature.WINDOW)))
                .as("expired by the clock, so swept")
                .isTrue();
        int kept = db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM callback_nonces")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(kept).as("the expired row gone, the new one kept").isEqualTo(1);
    }
}
