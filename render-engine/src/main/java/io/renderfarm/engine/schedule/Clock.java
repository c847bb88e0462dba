package io.renderfarm.engine.schedule;

import java.time.Instant;

/**
 * Time for timeouts, event times and what must outlive the process (a file's last use); a port so tests can drive
 * time. {@link #nanoTime} is monotonic and only its differences mean anything; {@link #instant} is wall-clock time.
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
    };

    long nanoTime();

    /**
     * Wall-clock time, for times stored beside files. A clock that only counts nanoseconds (a test's) tells
     * {@link #nanoTime} after the epoch, so moving it moves both.
     */
    default Instant instant() {
        return Instant.EPOCH.plusNanos(nanoTime());
    }
}
