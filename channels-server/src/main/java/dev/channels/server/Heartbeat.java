package dev.channels.server;

import dev.channels.transport.SessionWriter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pings every connection each ping period and closes those that sent no pong within the pong wait
 * or whose writer is stuck on one frame past the write timeout (docs/protocol.md "Server behaviour" 6).
 * Runs on the server's scheduler thread, at a fixed rate; it keeps no state of its own (the last
 * pong time lives in each {@link Connection}, the in-flight time in its {@link SessionWriter}). A
 * failure for one connection is logged and does not stop the beat: an exception escaping a
 * fixed-rate task would cancel every later run.
 */
final class Heartbeat implements Runnable {

    /** What the heartbeat does to a connection it gives up on: close the session and leave. */
    interface Evictor {
        void evict(Connection connection, CloseReason reason, String why);
    }

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    private final Supplier<Iterable<Connection>> connections;
    private final Duration pongWait;
    private final Duration writeTimeout;
    private final Evictor evictor;

    Heartbeat(Supplier<Iterable<Connection>> connections, Duration pongWait, Duration writeTimeout, Evictor evictor) {
        this.connections = connections;
        this.pongWait = pongWait;
        this.writeTimeout = writeTimeout;
        this.evictor = evictor;
    }

    @Override
    public void run() {
        long pongWaitNanos = pongWait.toNanos();
        long writeTimeoutNanos = writeTimeout.toNanos();
        for (Connection c : connections.get()) {
            try {
                if (c.nanosSinceLastPong() > pongWaitNanos) {
                    LOG.log(Level.DEBUG, "{0} sent no pong within {1}: closing", c, pongWait);
                    evictor.evict(c, new CloseReason(CloseCodes.GOING_AWAY, "no pong within the pong wait"),
                            "pong timeout");
                } else if (c.writer().inFlightNanos() > writeTimeoutNanos) {
                    LOG.log(Level.DEBUG, "{0} write timed out: closing", c);
                    evictor.evict(c, new CloseReason(CloseCodes.GOING_AWAY, "write timeout"), "write timeout");
                } else {
                    c.writer().ping();
                }
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.WARNING, "heartbeat failed for " + c, e);
            }
        }
    }
}
