package dev.channels.server.standalone;

import dev.channels.api.internal.threads.DaemonSchedulers;
import dev.channels.server.RunnerOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Ends the TCP connections that nobody else would end: those that never complete a WebSocket
 * upgrade ({@link RunnerOptions#handshakeTimeout()}) and those whose peer does not let a
 * queued close complete ({@link RunnerOptions#closeGrace()}). Aborting resets the connection
 * (SO_LINGER 0), so the bytes still queued for a peer that stopped reading are dropped instead of
 * waiting in the kernel.
 *
 * <p>Threads: one daemon scheduler thread per server runs the deadlines; arming and disarming run
 * on Grizzly's threads. A connection's pending deadline lives in a Grizzly connection attribute.
 */
final class ConnectionReaper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionReaper.class.getName());
    private static final Attribute<ScheduledFuture<?>> DEADLINE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(ConnectionReaper.class.getName() + ".deadline");

    private final Duration handshakeTimeout;
    private final Duration closeGrace;
    private final ScheduledExecutorService scheduler;

    ConnectionReaper(Duration handshakeTimeout, Duration closeGrace) {
        this.handshakeTimeout = handshakeTimeout;
        this.closeGrace = closeGrace;
        this.scheduler = DaemonSchedulers.create(1, "channels-standalone-reaper");
    }

    /** (Re)starts the handshake deadline of {@code connection}: it must upgrade within the timeout. */
    void awaitUpgrade(Connection<?> connection) {
        ScheduledFuture<?> next = scheduler.schedule(() -> {
            if (connection.isOpen()) {
                LOG.log(Level.DEBUG, "{0} did not complete a WebSocket handshake within {1}: aborting it",
                        connection.getPeerAddress(), handshakeTimeout);
                abort(connection);
            }
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = DEADLINE.get(connection);
        DEADLINE.set(connection, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Stops the handshake deadline of {@code connection}: it upgraded, or it is closed. */
    void upgraded(Connection<?> connection) {
        ScheduledFuture<?> previous = DEADLINE.remove(connection);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** A close frame is queued on {@code connection}: abort it if it is still open after the grace period. */
    void closing(Connection<?> connection) {
        ScheduledFuture<?> grace = scheduler.schedule(() -> {
            if (connection.isOpen()) {
                LOG.log(Level.DEBUG, "{0} did not complete the closing handshake within {1}: aborting it",
                        connection.getPeerAddress(), closeGrace);
                abort(connection);
            }
        }, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        // A connection that closes in time needs no deadline. Cancelling takes the task out of the queue
        // (remove-on-cancel), and with it the closed connection it references: else every ended connection
        // (~3.3 KB: Grizzly's connection, the socket, its close reason) stayed reachable for the whole grace
        // period, 33 MB for 10,000 that leave together. Grizzly calls this at once if it is closed already.
        connection.addCloseListener((closeable, type) -> grace.cancel(false));
    }

    /** Deadlines (handshake and close grace) still pending; for tests. */
    int pendingDeadlines() {
        return ((java.util.concurrent.ThreadPoolExecutor) scheduler).getQueue().size();
    }

    /** Resets {@code connection} at once, dropping whatever is still queued for it. */
    static void abort(Connection<?> connection) {
        if (connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not set SO_LINGER before aborting " + connection, e);
            }
        }
        connection.terminateSilently();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
