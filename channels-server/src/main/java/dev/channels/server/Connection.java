package dev.channels.server;

import dev.channels.transport.SessionWriter;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One WebSocket connection: its client id, its session, its single {@link SessionWriter}, its
 * handshake and user id, its heartbeat state, and its {@link Member memberships}. A channel
 * connection ({@code {base}/{C}}) holds one fixed membership; a session ({@code {base}}) holds zero
 * or more, one per channel it joined with {@code channel.join} (docs/protocol.md "Sessions"). What is
 * per socket lives here (the writer, the pong time, the rate limiter in the endpoint, the slow-reader
 * cut, which closes the connection and so ends every membership); what is per channel lives in
 * {@link Member}.
 *
 * <p>Threads: immutable except {@code lastPongNanos} (the container's pong callback writes it, the
 * heartbeat reads it), the memberships (a session's map is added to only on its reading thread,
 * by {@code channel.join}, and removed from by any thread that ends a membership; a channel
 * connection's one member is set once on its opening thread), the {@code closed} flag (one caller
 * of {@link #markClosed} closes it) and the {@code closeScheduled} flag (at most one deferred close
 * per connection on the membership thread).
 */
final class Connection {

    private static final VarHandle CLOSED;
    private static final VarHandle CLOSE_SCHEDULED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Connection.class, "closed", boolean.class);
            CLOSE_SCHEDULED = MethodHandles.lookup().findVarHandle(Connection.class, "closeScheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String clientId;
    private final Session session;
    private final SessionWriter writer;
    private final Handshake handshake;
    private final String userId;
    /** A session's memberships by channel id; null for a channel connection, whose one member is {@link #fixed}. */
    private final Map<String, Member> joined;
    private volatile Member fixed;
    private volatile boolean closed;
    private volatile boolean closeScheduled;
    /** Completes when the container reports the session closed ({@code onClose}). */
    private final CompletableFuture<Void> sessionClosed = new CompletableFuture<>();
    /** Times the pongs ({@link #nanosSinceLastPong()}); {@code System::nanoTime} but in unit tests. */
    private final LongSupplier nanoClock;
    private volatile long lastPongNanos;
    /** What each member's outbox calls when its stream breaks; set once by the opening thread, before any join. */
    private volatile java.util.function.Consumer<String> streamBroken = why -> { };
    /**
     * Who the handshake admitted (docs/protocol.md "Authorization"): set once by the opening thread
     * ({@link #identity(Identity)}) before the connection is registered or any of its frames is read;
     * its name is {@link #userId()}.
     */
    private volatile Identity identity = Identity.ANONYMOUS;
    /**
     * Its worker lane on an event-loop runtime ({@link HandlerLanes}); null until it first needs one, and
     * always with {@link ReadThread#MAY_BLOCK}. Set once, by the thread handling its frames.
     */
    private volatile HandlerLane lane;
    private static final java.lang.invoke.VarHandle LANE;

    static {
        try {
            LANE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Connection.class, "lane", HandlerLane.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A connection; {@code isSession} for one opened at {@code {base}} (many memberships, joined by
     * frames), else a channel connection (its one membership joined with the handshake).
     */
    Connection(String clientId, Session session, SessionWriter writer, Handshake handshake, String userId,
               boolean isSession, LongSupplier nanoClock) {
        this.clientId = clientId;
        this.session = session;
        this.writer = writer;
        this.handshake = handshake;
        this.userId = userId == null ? "" : userId;
        this.joined = isSession ? new ConcurrentHashMap<>(4) : null;
        this.nanoClock = nanoClock;
        this.lastPongNanos = nanoClock.getAsLong();
    }

    String clientId() {
        return clientId;
    }

    Session session() {
        return session;
    }

    SessionWriter writer() {
        return writer;
    }

    Handshake handshake() {
        return handshake;
    }

    String userId() {
        return userId;
    }

    /** Who the handshake admitted; its name is stamped into {@code userId} of this client's frames. */
    Identity identity() {
        return identity;
    }

    /** Sets the admitted identity, once, on the opening thread before the connection is registered. */
    void identity(Identity admitted) {
        this.identity = admitted;
    }

    /** Whether this connection is a session (opened at {@code {base}}), not a channel connection. */
    boolean isSession() {
        return joined != null;
    }

    /** The channel of a channel connection; "" for a session. */
    String channelId() {
        return joined == null ? handshake.channelId() : "";
    }

    /** The membership in {@code channelId}, or null when this connection is not (or no longer) in it. */
    Member member(String channelId) {
        if (joined != null) {
            return joined.get(channelId);
        }
        Member m = fixed;
        return m != null && m.channelId().equals(channelId) ? m : null;
    }

    /** A channel connection's one membership (null before it joined, and for a session). */
    Member fixedMember() {
        return fixed;
    }

    /** Every membership now. */
    Collection<Member> members() {
        if (joined != null) {
            return List.copyOf(joined.values());
        }
        Member m = fixed;
        return m == null ? List.of() : List.of(m);
    }

    /** How many channels this connection is in. */
    int memberCount() {
        return joined != null ? joined.size() : fixed == null ? 0 : 1;
    }

    /**
     * Adds {@code member} (on the joining thread). A session: false when it is in that channel
     * already. The caller checks {@link #isClosed()} afterwards, so a close that ran meanwhile is
     * never missed.
     */
    boolean add(Member member) {
        if (joined == null) {
            fixed = member;
            return true;
        }
        return joined.putIfAbsent(member.channelId(), member) == null;
    }

    /** Removes {@code member} once it has left (a session stays open without it). */
    void remove(Member member) {
        if (joined != null) {
            joined.remove(member.channelId(), member);
        }
    }

    /**
     * Where a direct message for this client goes: through the outbox of its membership in
     * {@code channelId} (a channel connection: its one membership, whatever the id), which holds it
     * until that membership's {@code join.success} is out; else (a session's message for no channel
     * it is in) straight to the writer.
     */
    boolean sendDirect(String channelId, String text) {
        Member m = joined == null ? fixed : joined.get(channelId);
        if (m != null) {
            return m.outbox().send(text);
        }
        if (joined == null) {
            return false; // a channel connection before its join: nothing may precede join.success
        }
        return writer.send(text);
    }

    java.util.function.Consumer<String> streamBroken() {
        return streamBroken;
    }

    void streamBroken(java.util.function.Consumer<String> callback) {
        this.streamBroken = callback;
    }

    void ponged() {
        lastPongNanos = nanoClock.getAsLong();
    }

    long nanosSinceLastPong() {
        return nanoClock.getAsLong() - lastPongNanos;
    }

    /** The container reported the session closed. */
    void sessionClosed() {
        sessionClosed.complete(null);
    }

    /** Completes once the session is closed (at once when it is closed already). */
    CompletableFuture<Void> whenSessionClosed() {
        if (!session.isOpen()) {
            sessionClosed.complete(null);
        }
        return sessionClosed;
    }

    /** Whether this connection is closed (or closing): no membership may be added any more. */
    boolean isClosed() {
        return closed;
    }

    /** True for exactly one caller: the one that ends this connection and its memberships. */
    boolean markClosed() {
        return CLOSED.compareAndSet(this, false, true);
    }

    /** True for exactly one caller: the one that queues this connection's close on the membership thread. */
    boolean markCloseScheduled() {
        return CLOSE_SCHEDULED.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return joined == null ? "Connection[" + clientId + " in " + handshake.channelId() + "]"
                : "Session[" + clientId + ", " + joined.size() + " channels]";
    }

    /** Its worker lane, or null ({@link HandlerLanes#laneOf}). */
    HandlerLane lane() {
        return lane;
    }

    /** Sets {@code made} as its lane unless it has one already; returns the lane it has then. */
    HandlerLane laneIfAbsent(HandlerLane made) {
        return LANE.compareAndSet(this, null, made) ? made : lane;}
}
