package dev.channels.server;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.transport.SessionWriter;
import dev.channels.transport.SessionWriterListener;
import dev.channels.transport.SessionWriterOptions;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Who is in which channel, and how they get in and out (PROTOCOL.md "Server behaviour" 1, 9 and 10):
 * accepting or refusing a new session, {@code join.success}, leaving, and ending a channel (expiry
 * or {@code closeChannel}), with the server hooks fired in order.
 *
 * <p>Threads and state. This class has no mutable field of its own; the state it changes lives in
 * thread-safe places, each with one rule that makes every step happen once:
 * <ul>
 *   <li>{@link #open} and {@link #welcome} run on the container thread that opens the session
 *       ({@code onOpen}), before any of that session's messages are handled.</li>
 *   <li>{@link #leave} runs on any thread that notices a connection is gone: the container's
 *       {@code onClose}/{@code onError} or reading thread (frame too big, binary frame), the
 *       connection writer's overflow or failure callback, the heartbeat on the scheduler thread, the
 *       thread that ends a channel or closes the server. {@link Connection#markLeft()} lets exactly
 *       one of them do it.</li>
 *   <li>{@link #endChannel} runs on the scheduler thread (expiry) or the thread that calls
 *       {@code closeChannel}; {@link ChannelRegistry#end} lets exactly one of them do it, and so
 *       {@link #channelGone} runs once per channel, on whichever thread removed it from the registry.</li>
 *   <li>Membership lives in the {@link ChannelRegistry} (changed only inside its {@code compute});
 *       the order of hooks across these threads is kept by each connection's and each channel's
 *       {@link HookGate}; expiry tasks by {@link ChannelExpiry}; waiting broadcast-and-await calls by
 *       {@link PendingReplies}. Whether the server is closed is the server's flag, only read here.</li>
 * </ul>
 */
final class ChannelMembership {

    private static final System.Logger LOG = System.getLogger(ChannelMembership.class.getName());

    private final ServerOptions options;
    private final SessionWriterOptions writerOptions;
    private final ServerHooks hooks;
    private final HandshakeCheck handshakeCheck;
    private final Admission admission;
    private final ChannelIdRule channelIdRule;
    private final ChannelRegistry registry;
    private final PendingReplies pending;
    private final ChannelExpiry expiry;
    private final BooleanSupplier serverClosed;

    ChannelMembership(ServerOptions options, ServerHooks hooks, HandshakeCheck handshakeCheck,
                      Admission admission, ChannelRegistry registry, PendingReplies pending,
                      ScheduledExecutorService scheduler, BooleanSupplier serverClosed) {
        this.options = options;
        this.hooks = hooks;
        this.handshakeCheck = handshakeCheck;
        this.admission = admission;
        this.channelIdRule = new ChannelIdRule(options.maxChannelIdLength());
        this.registry = registry;
        this.pending = pending;
        this.serverClosed = serverClosed;
        this.expiry = new ChannelExpiry(scheduler, options.channelTimeout(),
                expired -> endChannel(expired, MessageTypes.CHANNEL_EXPIRED, "channel expired"));
        this.writerOptions = SessionWriterOptions.defaults()
                .withBounds(options.maxQueuedFrames(), options.maxQueuedChars())
                .withOverflowPolicy(options.overflowPolicy())
                .withSendTimeout(options.writeTimeout());
    }

    /** Validates and registers a new session; returns null when it was refused (and closed). */
    Connection open(Session session, Handshake handshake) {
        if (serverClosed.getAsBoolean()) {
            closeQuietly(session, new CloseReason(CloseCodes.GOING_AWAY, "server shutting down"));
            return null;
        }
        Optional<String> refusal = channelIdRule.violation(handshake.channelId())
                .or(() -> admission.originRefusal(handshake))
                .or(() -> refusalOf(handshake));
        if (refusal.isPresent()) {
            LOG.log(Level.DEBUG, "refused a connection to ''{0}'': {1}", handshake.channelId(), refusal.get());
            closeQuietly(session, new CloseReason(CloseCodes.VIOLATED_POLICY, truncate(refusal.get())));
            return null;
        }
        // the container's own read buffers, where it honours these: an oversized frame costs at most the limit
        session.setMaxTextMessageBufferSize(options.maxMessageSize());
        session.setMaxBinaryMessageBufferSize(options.maxMessageSize());
        String clientId = UUID.randomUUID().toString();
        Connection[] self = new Connection[1];
        SessionWriter writer = new SessionWriter(session, writerOptions, new SessionWriterListener() {
            @Override
            public void onOverflow(SessionWriter w) {
                LOG.log(Level.WARNING, "{0} reads too slowly: outbound queue full, disconnected", self[0]);
                leave(self[0], "slow reader");
            }

            @Override
            public void onFailure(SessionWriter w, Throwable error) {
                leave(self[0], "send failed: " + error);
            }
        });
        Connection connection = new Connection(clientId, handshake.channelId(), session, writer, handshake);
        self[0] = connection;
        Instant expiresAt = options.channelsExpire() ? Instant.now().plus(options.channelTimeout()) : null;
        ChannelRegistry.Joined joined = registry.join(connection, expiresAt, admission.limits());
        if (joined.isRefused()) {
            LOG.log(Level.DEBUG, "refused a connection to ''{0}'': {1}", handshake.channelId(), joined.refusal());
            closeQuietly(session, new CloseReason(CloseCodes.TRY_AGAIN_LATER, joined.refusal()));
            return null;
        }
        if (joined.created()) {
            hooks.channelCreated(joined.channel().id);
            expiry.schedule(joined.channel());
        }
        hooks.clientJoined(connection.info());
        // A leave or channel end that happened meanwhile fires its hooks now, after the join hooks.
        connection.joinHook.release();
        joined.channel().joinHooks.release();
        if (serverClosed.getAsBoolean()) {
            leave(connection, "server shutting down");
            closeQuietly(session, new CloseReason(CloseCodes.GOING_AWAY, "server shutting down"));
            return null;
        }
        return connection;
    }

    /** Sends {@code join.success} once the endpoint's message handlers are in place. */
    void welcome(Connection connection) {
        Message join = Message.create(MessageTypes.JOIN_SUCCESS, connection.channelId())
                .withClientId(connection.clientId());
        ChannelRegistry.Channel channel = connection.channel();
        Instant expiresAt = channel == null ? null : channel.expiresAt;
        if (expiresAt != null) {
            join = join.withHeader(ChannelHeaders.CHANNEL_EXPIRES, EnvelopeCodec.formatTime(expiresAt));
        }
        connection.writer().send(EnvelopeCodec.encode(join));
    }

    /** Unregisters {@code connection} and fires the hooks, once, whoever calls first. */
    void leave(Connection connection, String why) {
        if (!connection.markLeft()) {
            return;
        }
        LOG.log(Level.DEBUG, "{0} left: {1}", connection, why);
        connection.context().cancel();
        Optional<ChannelRegistry.Channel> emptied = registry.leave(connection);
        // never before this client's onClientJoined, which may still be running on its joining thread
        connection.joinHook.whenReleased(() -> hooks.clientLeft(connection.info()));
        emptied.ifPresent(this::channelGone);
    }

    /**
     * Ends {@code channel}: removes it from the registry first, so a client joining meanwhile gets a
     * new channel instead of one that is being torn down, then sends {@code type} to each member and
     * closes it after its queued frames. Returns false when the channel was already gone.
     */
    boolean endChannel(ChannelRegistry.Channel channel, String type, String reason) {
        if (registry.end(channel).isEmpty()) {
            return false;
        }
        String text = EnvelopeCodec.encode(Message.create(type, channel.id));
        CloseReason close = new CloseReason(CloseCodes.NORMAL_CLOSURE, reason);
        for (Connection member : List.copyOf(channel.members)) {
            member.writer().send(text);
            member.writer().closeAfterDrain(close);
            leave(member, reason);
        }
        channelGone(channel);
        return true;
    }

    /**
     * Runs once per channel, by whoever removed it from the registry. {@code onChannelClosed} waits
     * until every member's join hooks (and so the creator's {@code onChannelCreated}) have fired.
     */
    private void channelGone(ChannelRegistry.Channel channel) {
        expiry.cancel(channel);
        pending.failChannel(channel, new ChannelNotFoundException(channel.id));
        channel.joinHooks.whenReleased(() -> hooks.channelClosed(channel.id));
    }

    private Optional<String> refusalOf(Handshake handshake) {
        try {
            return handshakeCheck.refuse(handshake);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handshake check failed: refusing the connection", e);
            return Optional.of("handshake check failed");
        }
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a session failed", e);
        }
    }

    /** Close reasons are limited to 123 bytes. */
    private static String truncate(String reason) {
        return reason.length() <= 100 ? reason : reason.substring(0, 100);
    }
}
