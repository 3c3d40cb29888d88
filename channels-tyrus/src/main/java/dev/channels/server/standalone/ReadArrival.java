package dev.channels.server.standalone;

import dev.channels.server.ArrivalClock;

/**
 * The standalone runner's {@link ArrivalClock}: when the read whose bytes Tyrus is parsing now came off
 * the socket. {@link GuardedReads} takes the time once per read, on the Grizzly thread that read it (the
 * selector thread for an upgraded connection, {@link UpgradedReadsOnSelector}; a worker for the bytes
 * that came with the upgrade request), and each of that read's parse tasks sets it here, on the thread that runs the task (the
 * connection's read order may run a task on another worker than the one that queued it), for exactly
 * the duration of Tyrus's parse call; Tyrus delivers the frames of that call to the endpoint's message
 * handler on that thread, during that call, which is where the channel server asks. The state is
 * one thread-local slot owned by whichever thread runs a parse task; outside a parse it reads
 * "unknown", and the clock answers {@link System#nanoTime()}.
 */
final class ReadArrival {

    private static final long UNKNOWN = Long.MIN_VALUE;

    /** Per thread: the running parse task's arrival time, or {@link #UNKNOWN}. A one-slot array, so setting it allocates nothing. */
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[] {UNKNOWN});

    /** The clock the runner gives the channel server. */
    static final ArrivalClock CLOCK = () -> {
        long arrival = CURRENT.get()[0];
        return arrival == UNKNOWN ? System.nanoTime() : arrival;
    };

    private ReadArrival() {
    }

    /** Runs {@code parse} on this thread with {@code arrivalNanos} as the arrival time of what it delivers. */
    static void during(long arrivalNanos, Runnable parse) {
        long[] slot = CURRENT.get();
        long outer = slot[0];
        slot[0] = arrivalNanos;
        try {
            parse.run();
        } finally {
            slot[0] = outer;
        }
    }
}
