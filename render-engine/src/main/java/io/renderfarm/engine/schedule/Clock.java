package io.renderfarm.engine.schedule;

/** Monotonic time for timeouts and event times; a port so tests can drive time. */
@FunctionalInterface
public interface Clock {
    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
