package dev.channels.server.jetty;

import dev.channels.server.RunnerOptions;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

/**
 * Aborts the TCP connections that do not complete a WebSocket upgrade within
 * {@link RunnerOptions#handshakeTimeout()} of being accepted or of finishing their last plain HTTP
 * request. Jetty's connector idle timeout alone would let a handshake dribbled one byte a second
 * live for ever (every byte re-arms it); this deadline does not move with the bytes.
 *
 * <p>A connection listener on the connector: the deadline is armed when a connection that is not a
 * WebSocket connection opens, re-armed by {@link HandshakeHandler} when a plain HTTP request
 * completes, and dropped when any connection on that socket closes (an upgrade closes the HTTP
 * connection and opens a WebSocket one on the same socket; a closed socket closes them all).
 *
 * <p>Threads: Jetty's selector and pool threads arm and drop deadlines; Jetty's scheduler thread runs
 * them. The pending deadline of each socket is in a concurrent map keyed by its network endpoint.
 */
final class HandshakeDeadlines implements Connection.Listener {

    private static final System.Logger LOG = System.getLogger(HandshakeDeadlines.class.getName());

    private final Duration timeout;
    private final Map<EndPoint, Deadline> pending = new ConcurrentHashMap<>();
    private volatile Scheduler scheduler;

    HandshakeDeadlines(Duration timeout) {
        this.timeout = timeout;
    }

    /** Sets the scheduler that runs the deadlines; before the connector accepts anything. */
    void start(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof WebSocketConnection)) {
            arm(connection.getEndPoint());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        Deadline deadline = pending.remove(Connections.network(connection.getEndPoint()));
        if (deadline != null) {
            deadline.cancel();
        }
    }

    /** (Re)starts the deadline of the socket under {@code endPoint}. */
    void arm(EndPoint endPoint) {
        EndPoint network = Connections.network(endPoint);
        if (!network.isOpen()) {
            return;
        }
        Deadline deadline = new Deadline();
        Deadline previous = pending.put(network, deadline);
        if (previous != null) {
            previous.cancel();
        }
        deadline.task = scheduler.schedule(() -> expire(network, deadline), timeout);
    }

    private void expire(EndPoint network, Deadline deadline) {
        if (!pending.remove(network, deadline)) {
            return; // re-armed or dropped meanwhile
        }
        if (network.isOpen()) {
            LOG.log(Level.DEBUG, "{0} did not complete a WebSocket handshake within {1}: aborting it",
                    network.getRemoteSocketAddress(), timeout);
            Connections.abort(network);
        }
    }

    /** One armed deadline; its task is written once, right after the deadline is published. */
    private static final class Deadline {
        volatile Scheduler.Task task;

        void cancel() {
            Scheduler.Task t = task;
            if (t != null) {
                t.cancel(); // a task not yet written finds itself replaced in expire and does nothing
            }
        }
    }
}
