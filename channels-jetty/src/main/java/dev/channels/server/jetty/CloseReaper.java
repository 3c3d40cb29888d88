package dev.channels.server.jetty;

import dev.channels.server.RunnerOptions;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSessionListener;
import org.eclipse.jetty.ee10.websocket.jakarta.server.JakartaWebSocketServerContainer;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Aborts the connections whose peer does not let a close complete within
 * {@link RunnerOptions#closeGrace()}. After Jetty queues our close frame it waits for the peer's close
 * frame with no limit but its idle timeout, which is off (the channel server's heartbeat bounds idle
 * connections), so a peer that stopped reading would hold its connection and unsent frames for ever.
 *
 * <p>Jetty offers no event when a session's close frame is queued, so the reaper keeps the sessions
 * between open and closed (a session listener on the container: the container's own
 * {@code getOpenSessions()} leaves out a session once its close is queued, exactly the ones wanted
 * here) and sweeps them every {@link #period}: a session whose output is closed (a close frame
 * queued) while its TCP connection is still open is noted, and aborted once it has been closing
 * longer than the grace period. Jetty's own "closed" state is no guide: it is set once the close is
 * decided, while the connection may still wait to flush the frames a slow reader never reads. A sweep costs
 * a look at each live session's state.
 *
 * <p>Threads: Jetty's threads add and remove live sessions (a concurrent set); the sweeps run on
 * Jetty's scheduler, one at a time (each schedules the next), and own the map of closing sessions.
 */
final class CloseReaper implements JakartaWebSocketSessionListener {

    private static final System.Logger LOG = System.getLogger(CloseReaper.class.getName());

    private final Duration grace;
    private final Duration period;
    private final Set<CoreSession> live = ConcurrentHashMap.newKeySet();
    private final Map<CoreSession, Long> closingSince = new HashMap<>();
    private volatile Scheduler scheduler;
    private volatile boolean stopped;

    CloseReaper(Duration grace) {
        this.grace = grace;
        // a session is cut between grace and grace + period after its close was queued
        this.period = grace.dividedBy(4).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : grace.dividedBy(4).plusMillis(1);
    }

    @Override
    public void onJakartaWebSocketSessionOpened(JakartaWebSocketSession session) {
        live.add(session.getCoreSession());
    }

    @Override
    public void onJakartaWebSocketSessionClosed(JakartaWebSocketSession session) {
        live.remove(session.getCoreSession());
    }

    /** Follows the sessions of {@code container}; before it accepts connections. */
    void watch(JakartaWebSocketServerContainer container) {
        container.addSessionListener(this);
    }

    /** Starts sweeping on {@code scheduler}. */
    void start(Scheduler scheduler) {
        this.scheduler = scheduler;
        scheduler.schedule(this::sweep, period);
    }

    void stop() {
        stopped = true;
    }

    private void sweep() {
        if (stopped) {
            return;
        }
        try {
            long now = System.nanoTime();
            for (CoreSession core : live) {
                // Jetty marks a session CLOSED once both close frames are decided, while its connection may
                // still be flushing the frames queued before ours: so "closed" does not mean the socket is gone
                if (!core.isOutputOpen() && endpointOpen(core)) {
                    closingSince.putIfAbsent(core, now);
                }
            }
            for (Iterator<Map.Entry<CoreSession, Long>> it = closingSince.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<CoreSession, Long> e = it.next();
                CoreSession core = e.getKey();
                if (!live.contains(core) || !endpointOpen(core)) {
                    it.remove();
                } else if (now - e.getValue() >= grace.toNanos()) {
                    it.remove();
                    abort(core);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "close reaper sweep failed; trying again", e);
        } finally {
            if (!stopped) {
                scheduler.schedule(this::sweep, period.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Whether the session's TCP connection is still open (true when that cannot be seen). */
    private static boolean endpointOpen(CoreSession core) {
        return !(core instanceof WebSocketCoreSession session) || session.getConnection() == null
                || session.getConnection().getEndPoint().isOpen();
    }

    private void abort(CoreSession core) {
        WebSocketConnection connection = core instanceof WebSocketCoreSession session ? session.getConnection() : null;
        LOG.log(Level.DEBUG, "{0} did not complete the closing handshake within {1}: aborting it",
                connection == null ? core : connection.getEndPoint().getRemoteSocketAddress(), grace);
        if (connection != null) {
            Connections.abort(connection.getEndPoint());
        }
        core.abort();
    }
}
