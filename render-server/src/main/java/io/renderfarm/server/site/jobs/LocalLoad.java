package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.LocalAvailability;
import io.renderfarm.server.site.db.SiteDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How soon this site could start a new job, for a where=auto decision: its slots that can render the profile,
 * how many of those are idle, the frames of jobs rendering here that are still to do, and the measured seconds
 * per frame. A slot between two chunks of a job with frames waiting is not counted idle: that job takes it again
 * at once, so counting it would send jobs to a site whose slots are all spoken for.
 */
public final class LocalLoad {
    private final TrackingFarm farm;
    private final SiteDatabase db;

    public LocalLoad(TrackingFarm farm, SiteDatabase db) {
        this.farm = farm;
        this.db = db;
    }

    public LocalAvailability of(JobProfile profile) throws SQLException {
        int capable = 0;
        int idle = 0;
        for (RenderSlot slot : farm.slots()) {
            if (SlotMatcher.match(profile, slot).capable()) {
                capable++;
                idle += slot.status() == SlotStatus.IDLE && farm.runningOn(slot.id()) == null ? 1 : 0;
            }
        }
        int[] frames = framesAhead();
        int free = Math.max(0, idle - frames[1]);
        return new LocalAvailability(capable, free, frames[0], farm.secondsPerFrame(), false);
    }

    /** Frames still to render here of jobs rendering here: {all of them, those not on a slot yet}. */
    private int[] framesAhead() throws SQLException {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*),"
                            + " COALESCE(SUM(CASE WHEN f.state = 'pending' THEN 1 ELSE 0 END), 0)"
                            + " FROM frames f JOIN jobs j ON j.id = f.job_id"
                            + " WHERE j.state IN ('QUEUED', 'RUNNING') AND j.decision_where = 'local'"
                            + " AND f.state IN ('pending', 'rendering')")) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        });
    }
}
