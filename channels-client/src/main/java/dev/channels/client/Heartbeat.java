package dev.channels.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The client's heartbeat on one link, the same for a channel connection and a session: every ping period (on
 * the client's scheduler) a ping, unless no pong came within the pong wait; then the link is declared dead to
 * its {@link LinkOwner} ({@code 1006} "no pong within ...", so that its reconnect loop runs) and closed. Stateless:
 * the scheduled task lives in the {@link Link}, which stops it.
 */
final class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    private Heartbeat() {
    }

    /** Starts pinging on {@code link} of {@code owner}; nothing when the client is closing. */
    static void start(ClientRuntime rt, LinkOwner owner, Link link) {
        long period = rt.options().pingPeriod().toNanos();
        try {
            link.heartbeat(rt.scheduler().scheduleAtFixedRate(() -> beat(rt, owner, link), period, period, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "client closing: no heartbeat for {0}", owner.describe());
        }
    }

    /** Pings the server, or declares the link dead when no pong came within the pong wait (scheduler thread). */
    private static void beat(ClientRuntime rt, LinkOwner owner, Link link) {
        if (link.silentNanos() > rt.options().pongWait().toNanos()) {
            LOG.log(Level.WARNING, "no pong from the server of {0} within {1}: closing the connection",
                    owner.describe(), rt.options().pongWait());
            link.stopHeartbeat();
            owner.linkClosed(link, new CloseReason(CloseCodes.CLOSED_ABNORMALLY, "no pong within " + rt.options().pongWait()));
            link.writer().closeNow(new CloseReason(CloseCodes.GOING_AWAY, "no pong"));
        } else {
            link.writer().ping();
        }
    }
}
