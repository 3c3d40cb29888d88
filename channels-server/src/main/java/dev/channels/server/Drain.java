package dev.channels.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A server's drain before a restart ({@link ChannelServer#drain}): from its start the server is not ready
 * and refuses new connections, and its members are closed with 1012 (service restart) a batch at a
 * time, spread over the drain window, so that they reconnect to the other nodes gradually instead of
 * all at once (docs/protocol.md "Rolling restarts").
 *
 * <p>The spread: the members present when the drain starts are closed in {@code n} batches, one per tick,
 * {@code n} being the number of members, but at most one tick per {@link #MIN_TICK} of the window; the first
 * batch goes at once, the last at {@code window × (n-1)/n}. Each tick closes
 * {@code ceil(remaining / ticks left)} members, so the work of one tick is bounded by the members divided by
 * the ticks, and members that leave by themselves shorten the drain. A member that was being registered
 * when the drain started (its join raced with it) is closed by the next tick; after the window, each tick
 * closes whoever is still there. The future completes when no member is left (or the server closes).
 *
 * <p>Threads: {@link #start} on the caller's thread; the ticks on the server's scheduler thread, which
 * alone touches {@code ticksLeft} and {@code tick}; {@code future} is set once (volatile, read by any
 * thread). No lock is held: the member's close and leave are the server's own ({@code closeMember}),
 * called on the scheduler thread like the heartbeat's.
 */
final class Drain {

    private static final System.Logger LOG = System.getLogger(Drain.class.getName());
    /** The shortest time between two batches. */
    static final Duration MIN_TICK = Duration.ofMillis(100);
    /** The close frame each member gets (and a connection that opens while the server drains). */
    static final CloseReason RESTART = new CloseReason(CloseCodes.SERVICE_RESTART,
            "server restarting: reconnect, to another node if you know one");

    private final Supplier<Collection<Connection>> members;
    private final Consumer<Connection> closeMember;
    private final ScheduledExecutorService scheduler;
    private volatile CompletableFuture<Void> future;
    private int ticksLeft; // scheduler thread only
    /**
     * Set under 'this' in {@link #start}, which holds the monitor while it schedules the first tick: a tick that
     * finishes at once waits for it in {@link #finished} and so always finds the task to cancel.
     */
    private ScheduledFuture<?> tick;

    /**
     * @param members     this node's members, now (a live view is fine: each tick copies what it needs)
     * @param closeMember closes one member with {@link #RESTART} and makes it leave
     * @param scheduler   the server's scheduler, which runs the ticks
     */
    Drain(Supplier<Collection<Connection>> members, Consumer<Connection> closeMember, ScheduledExecutorService scheduler) {
        this.members = members;
        this.closeMember = closeMember;
        this.scheduler = scheduler;
    }

    /** Whether a drain has started. */
    boolean isDraining() {
        return future != null;
    }

    /** Starts the drain, once; a later call returns the first one's future, whatever its window. */
    synchronized CompletableFuture<Void> start(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative, got " + window);
        }
        if (future != null) {
            return future;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        future = f;
        int n = members.get().size();
        long maxTicks = Math.max(1, window.toNanos() / MIN_TICK.toNanos());
        int ticks = (int) Math.max(1, Math.min(n, maxTicks));
        // after the window, a tick now and then for a straggler (a join that raced with the start): no spinning
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), window.toNanos() / ticks);
        LOG.log(Level.INFO, "draining: {0} members closed with 1012 over {1} ({2} batches); new connections refused",
                n, window, ticks);
        ticksLeft = ticks;
        try {
            // fixed delay, not rate: a stalled scheduler must not make the batches it owes run back to back
            tick = scheduler.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the server is closed: its close made every member leave
            f.complete(null);
        }
        return f;
    }

    /** One batch, on the scheduler thread. */
    private void tick() {
        List<Connection> open = new ArrayList<>(members.get());
        if (open.isEmpty()) {
            finished();
            return;
        }
        int batch = ticksLeft <= 1 ? open.size() : (open.size() + ticksLeft - 1) / ticksLeft;
        ticksLeft = Math.max(0, ticksLeft - 1);
        Iterator<Connection> it = open.iterator();
        for (int i = 0; i < batch && it.hasNext(); i++) {
            Connection c = it.next();
            try {
                closeMember.accept(c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + c + " for the drain failed", e);
            }
        }
        if (members.get().isEmpty()) {
            finished();
        }
    }

    private void finished() {
        ScheduledFuture<?> t;
        synchronized (this) {
            t = tick;
        }
        if (t != null) {
            t.cancel(false);
        }
        LOG.log(Level.INFO, "drained: no member left");
        future.complete(null);
    }

    /** The server closed (every member has left): the drain is over. */
    void serverClosed() {
        CompletableFuture<Void> f = future;
        if (f != null) {
            f.complete(null);
        }
    }

    /**
     * Closes {@code session} with {@link #RESTART} when the server is draining, in its {@code onOpen}: the
     * connection was upgraded before the drain began, or by a container that cannot refuse the upgrade
     * (the standalone runners answer such handshakes 503 before the upgrade). Returns whether it did.
     */
    boolean refuse(Session session) {
        if (!isDraining()) {
            return false;
        }
        LOG.log(Level.DEBUG, "refused a connection while draining: closed with 1012");
        try {
            session.close(RESTART);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a refused session failed", e);
        }
        return true;
    }
}
