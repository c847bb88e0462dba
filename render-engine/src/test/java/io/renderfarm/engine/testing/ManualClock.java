package io.renderfarm.engine.testing;

import io.renderfarm.engine.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} a test moves by hand, for expiries, throttles and back-offs without waiting. {@link #sleep} moves
 * it at once, as if the sleeper had waited (so a retry loop runs its whole schedule in milliseconds), and throws
 * when the sleeper is interrupted. Its {@link #instant} starts at {@code start} (the epoch by default) and moves
 * with it. Thread-safe.
 */
public final class ManualClock implements Clock {
    private static final long FIRST_NANOS = 1_000_000_000L;
    private final AtomicLong nanos = new AtomicLong(FIRST_NANOS);
    private final Instant start;

    public ManualClock() {
        this(Instant.EPOCH.plusNanos(FIRST_NANOS));
    }

    /** A clock whose wall-clock time is {@code start} until it is moved. */
    public ManualClock(Instant start) {
        this.start = start;
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos.get() - FIRST_NANOS);
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!d.isNegative() && !d.isZero()) {
            advance(d);
        }
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
