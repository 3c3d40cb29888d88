package dev.channels.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A monotonic nanosecond clock that moves only when a test says so ({@link #advance}): pass it where
 * code under test takes a {@code LongSupplier} instead of calling {@link System#nanoTime()}, then
 * step time past a deadline instead of waiting for it (the idea of OkHttp's {@code TaskFaker}, for
 * code whose timed work is a plain {@link Runnable} the test can run itself). Thread-safe.
 */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nanos;

    /** A clock at an arbitrary non-zero reading (code under test must only subtract readings). */
    public ManualClock() {
        this(1_000_000_000L);
    }

    /** A clock reading {@code startNanos}. */
    public ManualClock(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    /** The current reading, in nanoseconds. */
    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** Moves the clock forward by {@code step} (not negative) and returns the new reading. */
    public long advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock does not go back: " + step);
        }
        return nanos.addAndGet(step.toNanos());
    }
}
