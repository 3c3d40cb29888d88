package dev.channels.server.standalone;

import java.io.IOException;
import java.util.concurrent.Executor;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.strategies.AbstractIOStrategy;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

/**
 * The standalone runner's Grizzly I/O strategy with {@code RunnerOptions.eventLoopReads} on (off by default:
 * Grizzly's {@link WorkerThreadIOStrategy}): the reads of an upgraded WebSocket connection run on
 * the selector thread that found them readable (Grizzly's {@link SameThreadIOStrategy}); everything
 * else runs on a worker thread, as with Grizzly's {@link WorkerThreadIOStrategy}: accepts, the HTTP
 * requests (pages, error answers), the TLS handshake, the WebSocket handshake with the endpoint's
 * {@code onOpen}, and every {@link IOEvent#CLOSED} event. A TCP close or reset that a read on the selector
 * finds is reported there, though: Grizzly calls the connection's close listeners (the session's
 * {@code onClose}) synchronously on the thread that found it.
 *
 * <p>Why: with the worker strategy every read was handed from the selector to a worker (the selector
 * disables the connection's read interest, wakes a worker, the worker reads, parses, runs the handler,
 * writes the reply on its own thread and re-enables the interest through the selector's queue, which
 * wakes the selector again). Measured with channels-bench, request-reply, 200 clients x 8 in flight,
 * {@code echo}, {@code --runtime standalone --common-rate 15000}, on 2 shared cores, interleaved A/B
 * runs (ranges over the runs; server figures):
 *
 * <table>
 * <caption>Grizzly I/O strategy, request-reply</caption>
 * <tr><th>strategy</th><th>max: CPU/reply</th><th>at 15,000/s: CPU/reply</th><th>at 15,000/s: wake-ups/reply</th></tr>
 * <tr><td>worker threads (before)</td><td>22.4-28.2 us</td><td>44.7-64.2 us</td><td>1.84-3.06</td></tr>
 * <tr><td>this one</td><td>15.6-17.3 us</td><td>32.9-42.2 us</td><td>1.08-1.93</td></tr>
 * <tr><td>all on the selector ({@link SameThreadIOStrategy})</td><td>17.3-19.7 us</td><td>39.3-47.4 us</td><td>1.74-1.88</td></tr>
 * <tr><td>leader-follower</td><td>17.0-22.2 us</td><td>41.1-46.1 us</td><td>1.14-1.98</td></tr>
 * </table>
 *
 * (3 rounds each, load average 4-18 from other work on the machine.) With the no-op idle checks gone
 * as well ({@link NoIdleTimeoutScheduler}), against the worker strategy on a quieter machine (load
 * average 3-6, 2 rounds): 10.7-11.6 us per reply at the maximum (was 16.6-17.7), 85,500-91,500
 * replies/s (was 63,500-68,500); at 15,000/s 26.6-26.9 us and 0.96-0.98 wake-ups per reply (were
 * 54.9-57.9 us and 3.84-3.97), p99 1.22-1.63 ms (was 1.42-3.60 ms), 0.40 server cores (was 0.82-0.87).
 * Four selector threads instead of Grizzly's default (one per core) did not do better (2 rounds).
 * Only the upgraded connections' reads move: everything that may take long or block stays on workers.
 *
 * <p>What runs on a selector thread, then, and why none of it blocks: Grizzly's read and (on a
 * {@code wss://} connection) the TLS decryption of an already negotiated session; {@link FrameGuard}
 * (header checks, the ping-rate limit: arithmetic); Tyrus's frame parser; its pongs and close frames,
 * which go into the connection's Grizzly write queue ({@link ReapingWriter}: at most one pong queued;
 * its close only schedules the reaper's deadline and shuts the output down, neither waits); and the
 * endpoint's message handler, for which the runner declares
 * {@link dev.channels.server.ReadThread#EVENT_LOOP} so that the channel server runs work that may block
 * (a blocking handler, a wait for a remote engine) off this thread. The reply is written on the same
 * thread into the connection's write queue ({@link GrizzlyDirectFrames}), straight to the socket when
 * the queue is empty; one reader at a time per connection (its read interest stays off while a read
 * runs), so the read order and the one-writer rule are those of the worker strategy.
 *
 * <p>Stateless; one instance per listener. Which way a read goes is decided per event from the
 * connection's upgraded state ({@link UpgradedConnectionFilter#upgraded}), set by the worker that
 * handled the upgrade before it re-enabled the connection's read interest, so the first read on the
 * selector comes after the upgrade is complete. A connection the server closed forgets that state
 * ({@link UpgradedConnectionFilter#forget}): whatever the peer still sends is read and dropped on a worker.
 */
final class UpgradedReadsOnSelector extends AbstractIOStrategy {

    @Override
    public boolean executeIoEvent(Connection connection, IOEvent ioEvent, boolean isIoEventEnabled) throws IOException {
        if (onSelector(connection, ioEvent)) {
            return SameThreadIOStrategy.getInstance().executeIoEvent(connection, ioEvent, isIoEventEnabled);
        }
        return WorkerThreadIOStrategy.getInstance().executeIoEvent(connection, ioEvent, isIoEventEnabled);
    }

    @Override
    public Executor getThreadPoolFor(Connection connection, IOEvent ioEvent) {
        return onSelector(connection, ioEvent) ? null : WorkerThreadIOStrategy.getInstance().getThreadPoolFor(connection, ioEvent);
    }

    @Override
    public ThreadPoolConfig createDefaultWorkerPoolConfig(Transport transport) {
        return WorkerThreadIOStrategy.getInstance().createDefaultWorkerPoolConfig(transport);
    }

    /** Whether {@code ioEvent} of {@code connection} runs on the selector thread: a read of an upgraded connection. */
    private static boolean onSelector(Connection<?> connection, IOEvent ioEvent) {
        return ioEvent == IOEvent.READ && UpgradedConnectionFilter.upgraded(connection) != null;
    }
}
