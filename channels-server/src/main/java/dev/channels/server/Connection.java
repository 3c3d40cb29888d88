package dev.channels.server;

import dev.channels.api.HandlerContext;
import dev.channels.transport.SessionWriter;
import jakarta.websocket.Session;
import java.time.Instant;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One joined client: its ids, its session, its single writer behind its {@link MemberOutbox}, its
 * user id and the context its handlers see. Immutable except {@code lastPongNanos} (written by the
 * container's pong callback, read by the heartbeat), {@code channel} (set once by
 * {@link ChannelRegistry#join}, inside its compute), {@code recovery} (set once by the joining
 * thread before the join hooks fire), the {@code left} flag, which makes leaving happen once
 * whoever notices it first, and the {@code leaveScheduled} flag, which queues at most one leave per
 * connection on the membership thread.
 */
final class Connection {

    private static final VarHandle LEFT;
    private static final VarHandle LEAVE_SCHEDULED;

    static {
        try {
            LEFT = MethodHandles.lookup().findVarHandle(Connection.class, "left", boolean.class);
            LEAVE_SCHEDULED = MethodHandles.lookup().findVarHandle(Connection.class, "leaveScheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String clientId;
    private final String channelId;
    private final Session session;
    private final SessionWriter writer;
    private final HandlerContext context;
    private final java.security.Principal principal;
    private final String userId;
    private final Instant joinedAt = Instant.now();
    private final MemberOutbox outbox;
    private volatile Recovery recovery = Recovery.NOT_REQUESTED;
    /** What the join read from the stream: written by the joining thread in {@code open}, taken by {@code welcome} on the same thread. */
    ChannelMembership.StreamJoin streamJoin;
    /** Set once, by the one caller of {@link #markLeft} that wins ({@link #LEFT}: a field, not an AtomicBoolean per connection). */
    private volatile boolean left;
    /** Set once, by the first caller of {@link #markLeaveScheduled} (its leave is queued on the membership thread). */
    private volatile boolean leaveScheduled;
    /** Completes when the container reports the session closed ({@code onClose}). */
    private final java.util.concurrent.CompletableFuture<Void> sessionClosed = new java.util.concurrent.CompletableFuture<>();
    /** Held until {@code onClientJoined} has fired; {@code onClientLeft} waits for it. */
    final HookGate joinHook = new HookGate(1);
    /** Times the pongs ({@link #nanosSinceLastPong()}); {@code System::nanoTime} but in unit tests. */
    private final LongSupplier nanoClock;
    private volatile long lastPongNanos;
    private volatile ChannelRegistry.Channel channel;
    /**
     * Who the handshake admitted (docs/protocol.md "Authorization"): set once by the opening thread
     * ({@link #identity(Identity)}) before the connection is registered or any of its frames is read;
     * its name is {@link #userId()}.
     */
    private volatile Identity identity = Identity.ANONYMOUS;

    Connection(String clientId, String channelId, Session session, SessionWriter writer, Handshake handshake,
               String userId, int maxHeld, long maxQueuedChars, Consumer<String> onStreamBroken) {
        this(clientId, channelId, session, writer, handshake, userId, maxHeld, maxQueuedChars, onStreamBroken,
                System::nanoTime);
    }

    /** As the constructor above, timing pongs on {@code nanoClock} (a test's manual clock). */
    Connection(String clientId, String channelId, Session session, SessionWriter writer, Handshake handshake,
               String userId, int maxHeld, long maxQueuedChars, Consumer<String> onStreamBroken, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastPongNanos = nanoClock.getAsLong();
        this.clientId = clientId;
        this.channelId = channelId;
        this.session = session;
        this.writer = writer;
        this.context = HandlerContext.of(clientId, channelId, handshake.headers(), handshake.queryParameters(),
                handshake.principal());
        this.principal = handshake.principal();
        this.userId = userId;
        this.outbox = new MemberOutbox(writer, maxHeld, maxQueuedChars, onStreamBroken);
    }

    String clientId() {
        return clientId;
    }

    String channelId() {
        return channelId;
    }

    Session session() {
        return session;
    }

    SessionWriter writer() {
        return writer;
    }

    HandlerContext context() {
        return context;
    }

    /** Everything sent to this client (but error replies and end-of-channel frames) goes through here. */
    MemberOutbox outbox() {
        return outbox;
    }

    ClientInfo info() {
        return new ClientInfo(clientId, channelId, principal, userId, joinedAt, recovery);
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

    Instant joinedAt() {
        return joinedAt;
    }

    void recovery(Recovery outcome) {
        this.recovery = outcome;
    }

    /** The channel instance this connection joined, or null before it joined. */
    ChannelRegistry.Channel channel() {
        return channel;
    }

    void joined(ChannelRegistry.Channel joined) {
        this.channel = joined;
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
    java.util.concurrent.CompletableFuture<Void> whenSessionClosed() {
        if (!session.isOpen()) {
            sessionClosed.complete(null);
        }
        return sessionClosed;
    }

    /** Whether this connection has left (or is leaving). */
    boolean hasLeft() {
        return left;
    }

    /** True for exactly one caller: the one that queues this connection's leave on the membership thread. */
    boolean markLeaveScheduled() {
        return LEAVE_SCHEDULED.compareAndSet(this, false, true);
    }

    /** True for exactly one caller: the one that makes this connection leave. */
    boolean markLeft() {
        return LEFT.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + " in " + channelId + "]";
    }
}
