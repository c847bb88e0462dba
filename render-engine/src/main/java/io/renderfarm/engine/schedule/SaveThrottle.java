package io.renderfarm.engine.schedule;

import io.renderfarm.engine.time.Clock;
import java.time.Duration;

/**
 * When a host saves a growing record (a Jenkins build's {@code build.xml}, which lists every archived frame with
 * its checksum): at most once per interval however fast changes come, and no change left unsaved for longer than
 * that. Saving the whole record for every frame would cost quadratic I/O over a long shot; a change not yet saved
 * when the host dies only means that frame is rendered again. The host reports each change and each save; time
 * comes from the injected {@link Clock}. Thread-safe.
 */
public final class SaveThrottle {
    private final Clock clock;
    private final long intervalNanos;
    private long lastSave;
    private boolean everSaved;
    private boolean scheduled;

    public SaveThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Records a change and says what the host does about it: {@code 0} save now (at once or on another thread); a
     * positive number, save that many nanoseconds from now; negative, nothing (a save already owed will cover it).
     * Either way a save is owed until the host reports {@link #saving()}.
     */
    public synchronized long changed() {
        if (scheduled) {
            return -1;
        }
        scheduled = true;
        long since = clock.nanoTime() - lastSave;
        return !everSaved || since >= intervalNanos ? 0 : intervalNanos - since;
    }

    /** The host is saving now: every change so far is covered. */
    public synchronized void saving() {
        lastSave = clock.nanoTime();
        everSaved = true;
        scheduled = false;
    }
}
