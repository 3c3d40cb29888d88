package dev.channels.bench.driver;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One measured phase of a fan-out: messages {@code base .. base+count-1}, each expected by
 * {@code receivers} members. Thread-safe: deliveries are recorded from the driver's callback threads
 * with atomics; the publisher thread takes window permits, released when a message has reached
 * every member.
 */
final class Phase {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    final long base;
    final int count;
    final Histogram latencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    final Semaphore window;          // null: open loop, no window
    final LongAdder delivered = new LongAdder();
    final AtomicLong completed = new AtomicLong();
    private final AtomicIntegerArray remaining;
    private volatile long lastCompletionNanos;

    Phase(long base, int count, int receivers, int window) {
        this.base = base;
        this.count = count;
        this.window = window > 0 ? new Semaphore(window) : null;
        this.remaining = new AtomicIntegerArray(count);
        for (int i = 0; i < count; i++) {
            remaining.set(i, receivers);
        }
    }

    boolean contains(long seq) {
        return seq >= base && seq < base + count;
    }

    void delivered(long seq, long latencyNanos, long nowNanos) {
        latencyMicros.recordValue(Math.max(0, Math.min(MAX_MICROS, latencyNanos / 1000)));
        delivered.increment();
        if (remaining.decrementAndGet((int) (seq - base)) == 0) {
            lastCompletionNanos = nowNanos;
            completed.incrementAndGet();
            if (window != null) {
                window.release();
            }
        }
    }

    long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    /** Waits until every message reached every member, or nothing moved for {@code idleMillis}. */
    boolean awaitAll(long idleMillis) throws InterruptedException {
        long lastProgress = System.currentTimeMillis();
        long lastSeen = -1;
        while (completed.get() < count) {
            long now = delivered.sum();
            if (now != lastSeen) {
                lastSeen = now;
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > idleMillis) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
