package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SaveThrottleTest {
    private final FakeClock clock = new FakeClock();
    private final SaveThrottle throttle = new SaveThrottle(clock, Duration.ofSeconds(5));

    /** What a host does: save when told to, run a scheduled save when its time comes. */
    private int saves;

    private long scheduledAt = -1;

    private void change() {
        long wait = throttle.changed();
        if (wait == 0) {
            save();
        } else if (wait > 0) {
            scheduledAt = clock.nanoTime() + wait;
        }
    }

    private void save() {
        throttle.saving();
        saves++;
        scheduledAt = -1;
    }

    private void runDueSaves() {
        if (scheduledAt >= 0 && clock.nanoTime() >= scheduledAt) {
            save();
        }
    }

    @Test
    void shouldSaveTheFirstChangeAtOnce() {
        change();

        assertThat(saves).isEqualTo(1);
    }

    @Test
    void shouldOweOneSaveForChangesMadeBeforeTheHostSaved() {
        assertThat(throttle.changed()).isZero();

        assertThat(throttle.changed()).as("the save on its way covers it").isNegative();
        throttle.saving();
        clock.advance(Duration.ofSeconds(6));
        assertThat(throttle.changed()).isZero();
    }

    @Test
    void shouldSaveAThousandFramesInAMinuteTwelveTimesNotAThousand() {
        for (int frame = 0; frame < 1000; frame++) {
            change();
            clock.advance(Duration.ofMillis(60));
            runDueSaves();
        }
        clock.advance(Duration.ofSeconds(5));
        runDueSaves();

        assertThat(saves).isBetween(12, 14);
        assertThat(scheduledAt).as("nothing left unsaved").isEqualTo(-1);
    }

    @Test
    void shouldScheduleTheSaveOfAChangeWithinTheIntervalForItsEnd() {
        change();
        clock.advance(Duration.ofSeconds(2));

        long wait = throttle.changed();

        assertThat(Duration.ofNanos(wait)).isEqualTo(Duration.ofSeconds(3));
        assertThat(throttle.changed()).as("covered by the scheduled save").isNegative();
    }

    @Test
    void shouldStartTheIntervalAgainAfterAnySave() {
        change();
        clock.advance(Duration.ofSeconds(2));
        throttle.saving(); // the host saved for another reason (the render finished)
        clock.advance(Duration.ofSeconds(4));

        assertThat(Duration.ofNanos(throttle.changed())).isEqualTo(Duration.ofSeconds(1));
    }
}
