package io.renderfarm.engine.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for timeouts, event times and what must outlive the process (a file's last use); a port so tests can drive
 * time. {@link #nanoTime} is monotonic and only its differences mean anything; {@link #instant} is wall-clock time;
 * {@link #sleep} waits by this clock. Main code reads time and waits only through a {@code Clock} (an ArchUnit rule
 * holds it to that), so every timeout, poll and back-off has a fast test with a clock the test moves.
 */
@FunctionalInterface
public interface Clock {
    /** The machine's clocks: {@link System#nanoTime} and the wall clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            if (!d.isNegative() && !d.isZero()) {
                Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            }
        }
    };

    long nanoTime();

    /**
     * Wall-clock time, for times stored, signed or shown to people. A clock that only counts nanoseconds (a test's) tells
     * {@link #nanoTime} after the epoch, so moving it moves both.
     */
    default Instant instant() {
        return Instant.EPOCH.plusNanos(nanoTime());
    }

    /**
     * Waits {@code d} by this clock (nothing for zero or less). A clock a test moves moves itself by {@code d}
     * instead; one that cannot be moved (a lambda over a counter) waits in real time.
     *
     * @throws InterruptedException when the waiting thread is interrupted, as {@link Thread#sleep} does
     */
    default void sleep(Duration d) throws InterruptedException {
        SYSTEM.sleep(d);
    }
}
