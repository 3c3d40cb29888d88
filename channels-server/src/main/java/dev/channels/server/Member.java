package dev.channels.server;

import dev.channels.api.HandlerContext;
import dev.channels.transport.SessionWriter;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One membership: a {@link Connection} in one channel. A channel connection ({@code {base}/{C}})
 * holds exactly one, for its whole life; a session ({@code {base}}) holds one per channel it joined.
 * Everything per channel lives here: the channel instance, the {@link MemberOutbox} (stream position,
 * held frames until {@code join.success}, replay), the recovery outcome, the handler context, the
 * join-hook gate and the {@code left} flag. Everything per socket (session, writer, heartbeat, rate
 * limit, slow-reader cut) is the connection's.
 *
 * <p>Immutable except {@code channel} (set once by {@link ChannelRegistry#join}, inside its compute),
 * {@code recovery} and {@code streamJoin} (set by the joining thread before the join hooks fire; the
 * joining thread is the connection's opening or reading thread), and the {@code left} flag, which
 * makes leaving happen once whoever notices it first.
 */
final class Member {

    private static final VarHandle LEFT;

    static {
        try {
            LEFT = MethodHandles.lookup().findVarHandle(Member.class, "left", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Connection connection;
    private final String channelId;
    private final HandlerContext context;
    private final Instant joinedAt = Instant.now();
    private final MemberOutbox outbox;
    private volatile Recovery recovery = Recovery.NOT_REQUESTED;
    /** What the join read from the stream: written by the joining thread, taken by {@code welcome} on the same thread. */
    ChannelMembership.StreamJoin streamJoin;
    /** Set once, by the one caller of {@link #markLeft} that wins ({@link #LEFT}: a field, not an AtomicBoolean per member). */
    private volatile boolean left;
    /** Held until {@code onClientJoined} has fired; {@code onClientLeft} waits for it. */
    final HookGate joinHook = new HookGate(1);
    private volatile ChannelRegistry.Channel channel;

    /**
     * A membership of {@code connection} in {@code channelId}; its handler context sees the
     * connection's headers and principal and {@code queryParameters} (the handshake's for a channel
     * connection, the join's {@code params} over the handshake's for a session).
     */
    Member(Connection connection, String channelId, Map<String, List<String>> queryParameters,
           int maxHeld, long maxQueuedChars, Consumer<String> onStreamBroken) {
        this.connection = connection;
        this.channelId = channelId;
        Handshake handshake = connection.handshake();
        this.context = HandlerContext.of(connection.clientId(), channelId, handshake.headers(), queryParameters,
                handshake.principal());
        this.outbox = new MemberOutbox(connection.writer(), maxHeld, maxQueuedChars, onStreamBroken);
    }

    Connection connection() {
        return connection;
    }

    /** The connection's client id: one per connection, the member id in every channel it joined. */
    String clientId() {
        return connection.clientId();
    }

    String channelId() {
        return channelId;
    }

    Session session() {
        return connection.session();
    }

    /** The connection's one writer, shared by all its memberships (their outboxes queue on it). */
    SessionWriter writer() {
        return connection.writer();
    }

    HandlerContext context() {
        return context;
    }

    /** Everything sent to this member in its channel (but error replies and end-of-channel frames) goes through here. */
    MemberOutbox outbox() {
        return outbox;
    }

    ClientInfo info() {
        return new ClientInfo(clientId(), channelId, connection.handshake().principal(), userId(), joinedAt, recovery);
    }

    String userId() {
        return connection.userId();
    }

    Instant joinedAt() {
        return joinedAt;
    }

    void recovery(Recovery outcome) {
        this.recovery = outcome;
    }

    /** The channel instance this member joined, or null before it joined. */
    ChannelRegistry.Channel channel() {
        return channel;
    }

    void joined(ChannelRegistry.Channel joined) {
        this.channel = joined;
    }

    /** Whether this membership has ended (or is ending). */
    boolean hasLeft() {
        return left;
    }

    /** True for exactly one caller: the one that makes this membership end. */
    boolean markLeft() {
        return LEFT.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return "Member[" + connection.clientId() + " in " + channelId + "]";
    }
}
