package dev.channels.bench.driver;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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

    /**
     * Sends the phase's messages (frames of {@code frames}, stamped with the time they are sent) through
     * {@code send} as fast as the window allows: closed loop, for a maximum rate.
     *
     * @return false when a message did not reach every member within 10 s: the phase stalled and the
     *         rest are not sent (the caller reports it as incomplete and lost)
     */
    boolean sendClosedLoop(Frames frames, Consumer<String> send) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                return false;
            }
            send.accept(frames.frame(base + i, System.nanoTime()));
        }
        return true;
    }

    /**
     * Sends the phase's messages through {@code send} at {@code ratePerSec}, open loop (whatever the
     * deliveries do), each stamped with its intended send time so that a late send counts in its latency.
     */
    void sendOpenLoop(Frames frames, double ratePerSec, Consumer<String> send) {
        double period = 1e9 / ratePerSec;
        long start = System.nanoTime() + 1_000_000;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * period);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            send.accept(frames.frame(base + i, due));
        }
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
