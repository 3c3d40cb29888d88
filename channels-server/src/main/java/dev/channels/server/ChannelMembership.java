package dev.channels.server;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.History;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import dev.channels.transport.OutboundText;
import dev.channels.transport.RawFrameWriter;
import dev.channels.transport.SessionWriter;
import dev.channels.transport.SessionWriterListener;
import dev.channels.transport.SessionWriterOptions;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Who is in which channel, and how they get in and out (docs/protocol.md "Server behaviour" 1, 9 and 10):
 * accepting or refusing a new session, {@code join.success}, leaving, and ending a channel (expiry
 * or {@code closeChannel}), with the server hooks fired in order; and the engine's side of it
 * (docs/protocol.md "Channel streams", "Presence"): the node's subscription to each channel, the member's
 * presence entry and events, and the stream position or recovery replay of each join.
 *
 * <p>Connections and memberships (docs/protocol.md "Sessions"): a {@link Connection} is one socket
 * and holds {@link Member memberships}. A channel connection ({@code {base}/{C}}) joins its one
 * channel in {@link #open}; a session ({@code {base}}) is only registered there, gets
 * {@code session.ready} ({@link #ready}) and joins and leaves with frames ({@link #joinFromSession},
 * {@link #leaveFromSession}). Both join through the one {@link #join} (admitted by {@link #admitJoin}),
 * and both end through {@link #leave} (one membership) and {@link #close} (the connection: every
 * membership, and its place in the server limit).
 *
 * <p>A join, in order: register the member (from now on it receives live channel messages, held
 * in its {@link MemberOutbox}); make sure this node is subscribed to the channel (the first local
 * joiner subscribes, later ones wait until that is done); add its presence entry; read the stream
 * (the top position, or for a recovery the history since {@code since}, or, when the member's epoch
 * is not the stream's, the new epoch's retained history from its start); fire the hooks; send
 * {@code presence.joined}; then {@link #welcome} writes {@code join.success}, the replay and the held
 * messages, dropping by offset what the replay already had. So a recovering member gets every missed
 * message once, in offset order, however many others publish meanwhile.
 *
 * <p>Threads and state. This class has no mutable field of its own; the state it changes lives in
 * thread-safe places, each with one rule that makes every step happen once:
 * <ul>
 *   <li>{@link #open} and {@link #welcome} run on the container thread that opens the session
 *       ({@code onOpen}), before any of that session's messages are handled; a session's
 *       {@code channel.join}/{@code channel.leave} ({@link #join}, {@link #welcome}) run on its
 *       reading thread, one frame at a time, so one connection's joins never race each other.</li>
 *   <li>{@link #leave} runs on any thread that notices a connection is gone and is not writing to
 *       a member: the container's reading thread (frame too big, binary frame, rate limit), the
 *       heartbeat on the scheduler thread, the thread that ends a channel or closes the server, the
 *       joining thread, the container's {@code onClose}/{@code onError} thread when it is not inside
 *       a send of that member's writer ({@link dev.channels.transport.SessionWriter#isDispatchingOnThisThread}),
 *       and the {@linkplain #MEMBERSHIP_THREAD membership thread} (for everything {@link #closeSoon}
 *       defers). {@link Member#markLeft()} lets exactly one of them end a membership, and
 *       {@link Connection#markClosed()} one of them close a connection.</li>
 *   <li>Trouble found while <em>writing</em> to a member (its writer's overflow or failed send, its
 *       outbox's broken stream, and the container's {@code onError}/{@code onClose} when it comes from
 *       inside a failed {@code sendText}, as Jetty's does) never leaves on the stack that found it: that stack is a fan-out
 *       (a broadcast, a presence event, a replay), possibly inside the member's {@link MemberOutbox}
 *       monitor, and a leave publishes {@code presence.left}, which fans out again and may overflow
 *       the next member: issue 20 case 4, a cascade of slow readers that recursed until
 *       {@code StackOverflowError} and left members half-removed. {@link #closeSoon} hands the
 *       leave to the one membership thread instead (at most one task per connection, so its queue is
 *       bounded by the number of connections), which runs the leaves one after another on a flat
 *       stack; the fan-out that caused them has returned or goes on without them.</li>
 *   <li>{@link #endChannel} runs on the scheduler thread (expiry) or the thread that calls
 *       {@code closeChannel}; {@link ChannelRegistry#end} lets exactly one of them do it, and so
 *       {@link #channelGone} runs once per channel, on whichever thread removed it from the registry.</li>
 *   <li>Batched presence ({@code channels.presence-batch-interval}): a join or leave only adds a change
 *       to the channel's pending {@link PresenceBatcher} batch (under that batch's monitor); the
 *       server's scheduler thread flushes it as one {@code presence.diff} per interval.</li>
 *   <li>Membership lives in the {@link ChannelRegistry} (changed only inside its {@code compute});
 *       the order of hooks across these threads is kept by each connection's and each channel's
 *       {@link HookGate}; expiry tasks by {@link ChannelExpiry}; waiting broadcast-and-await calls by
 *       {@link PendingReplies}. Whether the server is closed is the server's flag, only read here.</li>
 * </ul>
 */
final class ChannelMembership {

    private static final System.Logger LOG = System.getLogger(ChannelMembership.class.getName());
    /** The name of the thread that runs the leaves a connection's writer or outbox asked for. */
    static final String MEMBERSHIP_THREAD = "channels-server-membership";

    private final ServerOptions options;
    private final SessionWriterOptions writerOptions;
    private final ServerHooks hooks;
    private final HandshakeCheck handshakeCheck;
    /** Asks the application's {@link ChannelAuthorizer} whether an admitted identity may join. */
    private final ChannelAccess access;
    private final Admission admission;
    private final ChannelIdRule channelIdRule;
    private final ChannelRegistry registry;
    private final PendingReplies pending;
    private final ChannelExpiry expiry;
    private final BooleanSupplier serverClosed;
    /** Whether the server drains (a rolling restart): a session's channel.join is then refused 503. */
    private final BooleanSupplier draining;
    private final ServerCounters counters;
    private final ChannelEngine engine;
    private final EngineFanout fanout;
    private final EngineCalls calls;
    /** Batches presence events into presence.diff ({@code channels.presence-batch-interval}); null when they go out per member. */
    private final PresenceBatcher presenceBatcher;
    /**
     * Runs the leaves deferred by {@code ConnectionTrouble}, one at a time, in the order asked. Its
     * queue holds at most one task per connection (each connection defers its leave once).
     */
    private final ThreadPoolExecutor leaver;

    /** How long a presence entry lives without a refresh; the server refreshes its members every third of it. */
    static final Duration PRESENCE_TTL = Duration.ofSeconds(60);

    /** What a join read from the stream, kept on the connection until {@link #welcome}. */
    record StreamJoin(Recovery recovery, StreamPosition top, StreamPosition from, List<Publication> replay) {
        static final StreamJoin NONE = new StreamJoin(Recovery.NOT_REQUESTED, StreamPosition.NONE, StreamPosition.NONE, List.of());
    }

    ChannelMembership(ServerOptions options, ServerHooks hooks, HandshakeCheck handshakeCheck,
                      Admission admission, ChannelRegistry registry, PendingReplies pending,
                      ScheduledExecutorService scheduler, BooleanSupplier serverClosed, BooleanSupplier draining,
                      ServerCounters counters,
                      ChannelEngine engine, EngineFanout fanout, EngineCalls calls, ChannelAccess access) {
        this.options = options;
        this.access = access;
        this.hooks = hooks;
        this.handshakeCheck = handshakeCheck;
        this.admission = admission;
        this.channelIdRule = new ChannelIdRule(options.maxChannelIdLength());
        this.registry = registry;
        this.pending = pending;
        this.serverClosed = serverClosed;
        this.draining = draining;
        this.counters = counters;
        this.engine = engine;
        this.fanout = fanout;
        this.calls = calls;
        this.presenceBatcher = options.presenceBatched()
                ? new PresenceBatcher(scheduler, options.presenceBatchInterval(), fanout::toChannelUnstreamedAsync) : null;
        this.expiry = new ChannelExpiry(scheduler, options.channelTimeout(),
                expired -> endChannel(expired, MessageTypes.CHANNEL_EXPIRED, "channel expired", true));
        this.writerOptions = SessionWriterOptions.builder()
                .bounds(options.maxQueuedFrames(), options.maxQueuedChars())
                .overflowPolicy(options.overflowPolicy())
                .sendTimeout(options.writeTimeout())
                .build();
        this.leaver = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, MEMBERSHIP_THREAD);
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the membership thread once the server has left every connection (the leaves it still holds are no-ops then). */
    void shutdown() {
        leaver.shutdown();
    }

    /**
     * What a membership asks for when it joins: from a channel connection's handshake (its path and
     * query parameters), or from a session's {@code channel.join} frame (its {@code channelId},
     * {@code correlationId} and body {@code {"since","epoch","params"}}).
     *
     * @param queryParameters what the member's handler context sees as query parameters
     */
    record JoinRequest(String channelId, String correlationId, Optional<String> since, Optional<String> epoch,
                       Map<String, List<String>> queryParameters) {
        static JoinRequest of(Handshake handshake) {
            return new JoinRequest(handshake.channelId(), "", handshake.queryParameter(ChannelHeaders.SINCE_PARAM),
                    handshake.queryParameter(ChannelHeaders.EPOCH_PARAM), handshake.queryParameters());
        }
    }

    /**
     * Why a join was refused: the {@code errCode} a session gets in its error envelope and the close
     * code a channel connection is closed with (its join is its handshake).
     */
    record JoinRefusal(String errCode, String reason, CloseReason.CloseCode closeCode) {
    }

    /** The outcome of {@link #join}: the membership, or why there is none. */
    record JoinOutcome(Member member, JoinRefusal refusal) {
    }

    /**
     * Validates and registers a new connection, on the container thread that runs its {@code onOpen};
     * returns null when it was refused (and closed). A channel connection ({@code handshake}'s channel
     * id not empty) joins its channel here, through the same {@link #join} a session's
     * {@code channel.join} uses; a session ({@code isSession}) is only registered. Its writer asks
     * {@code rawFrames} (the runner's) for a raw frame writer, here, on that thread.
     */
    Connection open(Session session, Handshake handshake, boolean isSession, RawFrameWriter.Factory rawFrames) {
        if (serverClosed.getAsBoolean()) {
            closeQuietly(session, new CloseReason(CloseCodes.GOING_AWAY, "server shutting down"));
            return null;
        }
        Optional<String> serverRefusal = (isSession ? Optional.<String>empty() : channelIdRule.violation(handshake.channelId()))
                .or(() -> admission.originRefusal(handshake));
        HandshakeDecision decision = serverRefusal.isPresent()
                ? HandshakeDecision.refuse(serverRefusal.get()) : decisionOf(handshake);
        Optional<String> refusal = decision.refusal();
        if (refusal.isPresent()) {
            counters.refusedJoins.increment();
            LOG.log(Level.DEBUG, "refused a connection to ''{0}'': {1}", handshake.channelId(), refusal.get());
            closeQuietly(session, new CloseReason(CloseCodes.VIOLATED_POLICY, truncate(refusal.get())));
            return null;
        }
        Identity identity = decision.identity().orElseGet(handshake::principalIdentity);
        // the container's own read buffers, where it honours these: an oversized frame costs at most the limit
        session.setMaxTextMessageBufferSize(options.maxMessageSize());
        session.setMaxBinaryMessageBufferSize(options.maxMessageSize());
        String clientId = UUID.randomUUID().toString();
        ConnectionTrouble trouble = new ConnectionTrouble();
        SessionWriter writer = new SessionWriter(session, writerOptions, trouble, rawFrames);
        Connection connection = new Connection(clientId, session, writer, handshake, identity.name(), isSession,
                System::nanoTime);
        connection.identity(identity);
        trouble.connection = connection;
        connection.streamBroken(trouble);
        String full = registry.admit(connection, admission.limits());
        if (full != null) {
            counters.refusedJoins.increment();
            LOG.log(Level.DEBUG, "refused a connection to ''{0}'': {1}", handshake.channelId(), full);
            closeQuietly(session, new CloseReason(CloseCodes.TRY_AGAIN_LATER, full));
            return null;
        }
        if (isSession) {
            return connection;
        }
        JoinOutcome outcome = join(connection, JoinRequest.of(handshake));
        if (outcome.refusal() != null) {
            close(connection, outcome.refusal().reason());
            closeQuietly(session, new CloseReason(outcome.refusal().closeCode(), truncate(outcome.refusal().reason())));
            return null;
        }
        return connection;
    }

    /**
     * Joins {@code connection} to the channel {@code request} names: the one code path for a channel
     * connection's handshake join and a session's {@code channel.join}. Runs on the connection's
     * opening thread (a channel connection) or reading thread (a session), so one connection's joins
     * run one at a time. On success the member is registered, subscribed, in presence, its stream
     * read and its join hooks fired; {@link #welcome} then sends its {@code join.success}.
     */
    JoinOutcome join(Connection connection, JoinRequest request) {
        if (serverClosed.getAsBoolean()) {
            return refused(new JoinRefusal("503", "server shutting down", CloseCodes.GOING_AWAY));
        }
        if (draining.getAsBoolean()) { // a rolling restart: join another node (a new handshake gets 503 or 1012)
            return refused(new JoinRefusal("503", "server restarting", CloseCodes.SERVICE_RESTART));
        }
        Optional<JoinRefusal> notAdmitted = admitJoin(connection, request);
        if (notAdmitted.isPresent()) {
            return refused(notAdmitted.get());
        }
        if (connection.isSession()) {
            if (connection.member(request.channelId()) != null) {
                return refused(new JoinRefusal("409", "already joined to " + request.channelId(), CloseCodes.VIOLATED_POLICY));
            }
            if (connection.memberCount() >= options.maxChannelsPerSession()) {
                return refused(new JoinRefusal("429", "session full: " + options.maxChannelsPerSession() + " channels",
                        CloseCodes.TRY_AGAIN_LATER));
            }
        }
        Member member = new Member(connection, request.channelId(), request.queryParameters(),
                options.maxQueuedFrames(), options.maxQueuedChars(), connection.streamBroken());
        Instant expiresAt = options.channelsExpire() ? Instant.now().plus(options.channelTimeout()) : null;
        ChannelRegistry.Joined joined = registry.join(member, expiresAt, admission.limits());
        if (joined.isRefused()) {
            return refused(new JoinRefusal("429", joined.refusal(), CloseCodes.TRY_AGAIN_LATER));
        }
        if (!connection.add(member)) { // cannot happen: only the joining thread adds, after the 409 check
            member.joinHook.release();
            joined.channel().joinHooks.release();
            leave(member, "already joined");
            return refused(new JoinRefusal("409", "already joined to " + request.channelId(), CloseCodes.VIOLATED_POLICY));
        }
        RuntimeException engineFailure = null;
        try {
            subscribe(joined.channel());
            calls.await(engine.presence().add(presenceOf(member), PRESENCE_TTL));
            StreamJoin stream = readStream(member, request);
            member.recovery(stream.recovery());
            member.streamJoin = stream;
        } catch (RuntimeException e) {
            engineFailure = e;
        }
        if (joined.created()) {
            hooks.channelCreated(joined.channel().id);
            expiry.schedule(joined.channel());
        }
        hooks.clientJoined(member.info());
        // A leave or channel end that happened meanwhile fires its hooks now, after the join hooks.
        member.joinHook.release();
        joined.channel().joinHooks.release();
        if (engineFailure != null) {
            LOG.log(Level.WARNING, "the engine failed while " + member + " joined: refusing it (503/1013)", engineFailure);
            leave(member, "engine unavailable");
            return refused(new JoinRefusal("503", "engine unavailable", CloseCodes.TRY_AGAIN_LATER));
        }
        if (serverClosed.getAsBoolean()) {
            leave(member, "server shutting down");
            return refused(new JoinRefusal("503", "server shutting down", CloseCodes.GOING_AWAY));
        }
        if (connection.isClosed()) { // closed meanwhile: its close may have missed this member
            leave(member, "connection closed while joining");
            return refused(new JoinRefusal("503", "connection closed", CloseCodes.GOING_AWAY));
        }
        if (options.presenceEvents()) {
            publishPresence(MessageTypes.PRESENCE_JOINED, member);
        }
        return new JoinOutcome(member, null);
    }

    private JoinOutcome refused(JoinRefusal refusal) {
        counters.refusedJoins.increment();
        return new JoinOutcome(null, refusal);
    }

    /**
     * Whether {@code connection} may join the channel of {@code request}: the one place where every
     * join (a channel connection's handshake and a session's {@code channel.join}) is admitted before
     * it touches the registry. Checks the channel id (a session's; a channel connection's was checked
     * with its handshake). This is where a per-channel authorizer is consulted (issue 21 item 2).
     */
    private Optional<JoinRefusal> admitJoin(Connection connection, JoinRequest request) {
        if (connection.isSession()) {
            Optional<String> invalid = channelIdRule.violation(request.channelId());
            if (invalid.isPresent()) {
                return Optional.of(new JoinRefusal("400", invalid.get(), CloseCodes.VIOLATED_POLICY));
            }
        }
        // the application's authorizer (operation JOIN), for a handshake join and a channel.join alike
        Optional<String> forbidden = access.joinRefusal(connection.identity(), request.channelId());
        if (forbidden.isPresent()) {
            LOG.log(Level.DEBUG, "refused {0} joining ''{1}'' by the authorizer: {2}", connection.clientId(),
                    request.channelId(), forbidden.get());
            return Optional.of(new JoinRefusal("403", "forbidden: " + forbidden.get(), CloseCodes.VIOLATED_POLICY));
        }
        return Optional.empty();
    }

    /**
     * A session's {@code channel.join} (its reading thread): joins and sends {@code join.success}
     * (with the request's correlation id), the replay and what arrived meanwhile; or an error
     * envelope with the refusal's {@code errCode}. The session stays open either way.
     */
    void joinFromSession(Connection session, Message request) {
        JoinRequest join;
        try {
            join = joinRequestOf(session, request);
        } catch (RuntimeException e) {
            session.writer().send(EnvelopeCodec.encode(request.toError(ErrorDetail.badRequest(e.getMessage()))));
            return;
        }
        JoinOutcome outcome = join(session, join);
        if (outcome.refusal() != null) {
            JoinRefusal r = outcome.refusal();
            LOG.log(Level.DEBUG, "{0}: join of ''{1}'' refused: {2}", session, join.channelId(), r.reason());
            session.writer().send(EnvelopeCodec.encode(request.toError(
                    new ErrorDetail("join refused", r.reason(), r.errCode()))));
            return;
        }
        welcome(outcome.member(), request.correlationId());
    }

    /** A session's {@code channel.leave}: ends the membership, then {@code leave.success}; 403 when not joined. */
    void leaveFromSession(Connection session, Message request) {
        Member member = session.member(request.channelId());
        if (member == null) {
            session.writer().send(EnvelopeCodec.encode(request.toError(notJoined(request.channelId()))));
            return;
        }
        try {
            // leave.success once presence says so (get.info, direct sends from other nodes)
            calls.await(leave(member, "left by channel.leave"));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "{0}: presence not updated for its leave of {1}: {2}", session, request.channelId(), e.toString());
        }
        Message done = Message.create(MessageTypes.LEAVE_SUCCESS, request.channelId())
                .withClientId(session.clientId());
        if (!request.correlationId().isEmpty()) {
            done = done.toBuilder().correlationId(request.correlationId()).build();
        }
        session.writer().send(EnvelopeCodec.encode(done));
    }

    /** The error a session gets for a frame naming a channel it has not joined. */
    static ErrorDetail notJoined(String channelId) {
        return new ErrorDetail("not joined", "this session has not joined channel '" + channelId + "'", "403");
    }

    private static JoinRequest joinRequestOf(Connection session, Message request) {
        Optional<String> since = Optional.empty();
        Optional<String> epoch = Optional.empty();
        Map<String, List<String>> params = session.handshake().queryParameters();
        if (request.hasBody() && request.body().getValueType() != JsonValue.ValueType.NULL) {
            if (request.body().getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("the channel.join body must be an object {\"since\",\"epoch\",\"params\"}");
            }
            JsonObject body = request.body().asJsonObject();
            since = scalar(body.get("since"));
            epoch = scalar(body.get("epoch"));
            JsonValue p = body.get("params");
            if (p != null && p.getValueType() == JsonValue.ValueType.OBJECT) {
                Map<String, List<String>> merged = new java.util.HashMap<>(params);
                p.asJsonObject().forEach((k, v) -> scalar(v).ifPresent(text -> merged.put(k, List.of(text))));
                params = Handshake.frozen(merged);
            } else if (p != null && p.getValueType() != JsonValue.ValueType.NULL) {
                throw new IllegalArgumentException("params must be an object of strings");
            }
        }
        return new JoinRequest(request.channelId(), request.correlationId(), since, epoch, params);
    }

    /** A JSON string or number as text; empty for null or absent. */
    private static Optional<String> scalar(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (v instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        if (v instanceof JsonNumber n) {
            return Optional.of(n.toString());
        }
        return Optional.of(v.toString());
    }

    /**
     * What goes wrong with one connection's sending, and closes it (every membership with it): its
     * writer's overflow (a slow reader: cut per connection) or failed send, and a member outbox's
     * broken stream. One object per connection serves as the writer's listener and as every
     * member outbox's callback. {@code connection} is set right after the connection is made,
     * before its writer is used (the writer needs the listener to be made).
     *
     * <p>These callbacks run on the thread that was writing to the member, possibly inside its
     * {@link MemberOutbox} monitor: they only close the socket (on the writer's close executor) and
     * hand the close to the membership thread, never leave here (see the class comment).
     */
    private final class ConnectionTrouble implements SessionWriterListener, Consumer<String> {
        Connection connection;

        @Override
        public void onOverflow(SessionWriter w) {
            counters.slowReaderDisconnects.increment();
            // client-caused and per connection: DEBUG (a crowd of slow readers must not flood the log; the counter says it)
            LOG.log(Level.DEBUG, "{0} reads too slowly: outbound queue full, disconnected", connection);
            closeSoon(connection, "slow reader");
        }

        @Override
        public void onFailure(SessionWriter w, Throwable error) {
            closeSoon(connection, "send failed: " + error);
        }

        /** A member's outbox found its stream broken. */
        @Override
        public void accept(String why) {
            // a join that overflows is client-caused and per connection (a crowd joining a busy channel
            // must not flood the log): DEBUG; a stream broken by the engine (missed messages, a new
            // epoch) is server-side trouble: WARNING
            LOG.log(MemberOutbox.JOIN_OVERFLOW.equals(why) ? Level.DEBUG : Level.WARNING,
                    "{0}: {1}; closing it so that it rejoins with recovery", connection, why);
            connection.writer().closeNow(new CloseReason(CloseCodes.SERVICE_RESTART, truncate(why)));
            closeSoon(connection, why);
        }
    }

    /**
     * Closes {@code connection} (ends every membership) on the membership thread, soon, unless it is
     * closed or its close is queued already: for whoever may be on a stack that was writing to a
     * member (the writer's and outbox's callbacks; the container's {@code onError}/{@code onClose},
     * which a container may call from inside a failed send, as Jetty does). At most one task per
     * connection is queued. Once the server has closed (the thread is gone) it closes here: a leave
     * then publishes nothing, so it cannot cascade.
     */
    void closeSoon(Connection connection, String why) {
        if (connection.isClosed() || !connection.markCloseScheduled()) {
            return;
        }
        try {
            leaver.execute(() -> close(connection, why));
        } catch (RejectedExecutionException e) {
            close(connection, why);
        }
    }

    /**
     * The connection is gone (or going): unregisters it and ends each of its memberships, once,
     * whoever calls first. Does not close the socket (the caller has, or the container did).
     */
    void close(Connection connection, String why) {
        if (!connection.markClosed()) {
            return;
        }
        registry.remove(connection);
        for (Member member : connection.members()) {
            leave(member, why);
        }
    }

    /** Subscribes this node to {@code channel} once per channel instance; joiners wait until it is done. */
    private void subscribe(ChannelRegistry.Channel channel) {
        synchronized (channel.subscription) {
            if (!channel.subscribed && !channel.unsubscribed) {
                calls.await(engine.broker().subscribe(channel.id));
                channel.subscribed = true;
            }
        }
    }

    private void unsubscribe(ChannelRegistry.Channel channel) {
        synchronized (channel.subscription) {
            if (channel.unsubscribed) {
                return;
            }
            channel.unsubscribed = true;
            if (!channel.subscribed) {
                return;
            }
        }
        engine.broker().unsubscribe(channel.id).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "unsubscribing from " + channel + " failed", e);
            }
        });
    }

    /**
     * The top of the stream, or the outcome of the recovery the handshake asks for ({@code since},
     * {@code epoch}): the replay after {@code since} when recovered; when not, nothing to replay,
     * except when the member's (non-empty) epoch is not the stream's: then the new epoch's retained
     * publications from its start ({@link #newEpochFromItsStart}).
     */
    private StreamJoin readStream(Member connection, JoinRequest request) {
        Optional<String> sinceParam = request.since();
        if (!options.historyEnabled()) {
            return sinceParam.isPresent()
                    ? new StreamJoin(Recovery.NOT_RECOVERED, StreamPosition.NONE, StreamPosition.NONE, List.of())
                    : StreamJoin.NONE;
        }
        if (sinceParam.isEmpty()) {
            StreamPosition top = calls.await(engine.broker().position(connection.channelId(), options.streamOptions()));
            return new StreamJoin(Recovery.NOT_REQUESTED, top, top, List.of());
        }
        long since = parseOffset(sinceParam.get());
        String epoch = request.epoch().orElse("");
        History history = calls.await(engine.broker().history(connection.channelId(), Math.max(since, 0),
                options.historySize(), options.streamOptions()));
        if (since >= 0 && history.top().epoch().equals(epoch) && history.completeSince(since)) {
            return new StreamJoin(Recovery.RECOVERED, history.top(), new StreamPosition(since, epoch), history.publications());
        }
        LOG.log(Level.DEBUG, "{0} asked to recover since {1} of epoch ''{2}'': not possible (stream at {3})",
                connection, sinceParam.get(), epoch, history.top());
        if (!epoch.isEmpty() && history.top().inStream() && !history.top().epoch().equals(epoch)) {
            // a since of 0 (or a malformed one) read from the start already
            return newEpochFromItsStart(connection, since <= 0 ? history : null);
        }
        return new StreamJoin(Recovery.NOT_RECOVERED, history.top(), history.top(), List.of());
    }

    /**
     * A member that asked to recover from another epoch than the stream's: the old epoch's gap is lost
     * ({@code recovered=false}), but nothing of the new epoch need be: it gets the new epoch's retained
     * publications from its start, as a replay, so a message published in the new epoch before or while
     * it rejoined still reaches it (issue 22 item 4). Unless {@code fromStart} is the first read (made
     * from offset 0), reads the stream again from offset 0 (the first read was after the member's
     * {@code since}, an offset of the old epoch); that read's top is the one {@code join.success}
     * announces. When what is retained is not one unbroken run up to the top (cannot happen with the
     * in-memory and Redis engines, which trim oldest first), nothing is replayed, as before.
     */
    private StreamJoin newEpochFromItsStart(Member connection, History fromStart) {
        History all = fromStart != null ? fromStart : calls.await(engine.broker().history(connection.channelId(), 0,
                options.historySize(), options.streamOptions()));
        StreamPosition top = all.top();
        if (!top.inStream()) { // the stream went away between the two reads: nothing to replay
            return new StreamJoin(Recovery.NOT_RECOVERED, top, top, List.of());
        }
        List<Publication> retained = all.publications();
        StreamPosition from = retained.isEmpty() ? top
                : new StreamPosition(retained.get(0).offset() - 1, top.epoch());
        if (!all.completeSince(from.offset())) {
            LOG.log(Level.DEBUG, "{0}: the new epoch of its stream ({1}) is not retained in one run; nothing replayed",
                    connection, top);
            return new StreamJoin(Recovery.NOT_RECOVERED, top, top, List.of());
        }
        if (from.offset() > 0) {
            LOG.log(Level.DEBUG, "{0}: the new epoch''s offsets 1..{1} are trimmed already; replaying from {2}",
                    connection, from.offset(), from.offset() + 1);
        }
        return new StreamJoin(Recovery.NOT_RECOVERED, top, from, retained);
    }

    /** A non-negative offset, or -1 for anything else (which can never be recovered). */
    private static long parseOffset(String value) {
        try {
            long v = Long.parseLong(value.trim());
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private PresenceInfo presenceOf(Member c) {
        return new PresenceInfo(c.clientId(), c.channelId(), c.userId(), c.joinedAt(), engine.nodeId());
    }

    /** Refreshes the presence entries of this node's members (the server's scheduler, every third of the TTL). */
    void refreshPresence() {
        for (Member c : registry.allMembers()) {
            if (c.hasLeft()) {
                continue;
            }
            engine.presence().add(presenceOf(c), PRESENCE_TTL).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.log(Level.DEBUG, "refreshing the presence of " + c + " failed", e);
                } else if (c.hasLeft()) { // left while refreshing: its removal may have come first
                    engine.presence().remove(c.channelId(), c.clientId());
                }
            });
        }
    }

    /**
     * Sends {@code presence.joined}/{@code presence.left} for {@code c} to every member of its channel (not
     * in the stream), or, with presence batched, adds it to the channel's next {@code presence.diff}.
     */
    private void publishPresence(String type, Member c) {
        if (presenceBatcher != null) {
            if (type.equals(MessageTypes.PRESENCE_JOINED)) {
                presenceBatcher.joined(c.channelId(), c.clientId(), c.userId());
            } else {
                presenceBatcher.left(c.channelId(), c.clientId(), c.userId());
            }
            return;
        }
        Message event = Message.create(type, c.channelId()).toBuilder()
                .body(ServerJson.objectBuilder().add("clientId", c.clientId()).add("userId", c.userId()).build())
                .build();
        try {
            fanout.toChannelUnstreamed(c.channelId(), event);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "{0} for {1} not sent: {2}", type, c, e.getMessage());
        }
    }

    /**
     * Sends {@code join.success} once the endpoint's message handlers are in place (with the stream's
     * epoch and top offset when history is on, and {@code X-Channel-Recovered} when recovery was
     * asked), then the replay, then what arrived for the member meanwhile.
     */
    void welcome(Member connection, String correlationId) {
        Message join = Message.create(MessageTypes.JOIN_SUCCESS, connection.channelId())
                .withClientId(connection.clientId());
        if (!correlationId.isEmpty()) {
            join = join.toBuilder().correlationId(correlationId).build();
        }
        ChannelRegistry.Channel channel = connection.channel();
        Instant expiresAt = channel == null ? null : channel.expiresAt;
        if (expiresAt != null) {
            join = join.withHeader(ChannelHeaders.CHANNEL_EXPIRES, EnvelopeCodec.formatTime(expiresAt));
        }
        StreamJoin stream = connection.streamJoin == null ? StreamJoin.NONE : connection.streamJoin;
        connection.streamJoin = null;
        if (stream.top().inStream()) {
            join = join.withHeader(ChannelHeaders.CHANNEL_EPOCH, stream.top().epoch())
                    .withHeader(ChannelHeaders.CHANNEL_OFFSET, Long.toString(stream.top().offset()));
        }
        if (stream.recovery() != Recovery.NOT_REQUESTED) {
            join = join.withHeader(ChannelHeaders.CHANNEL_RECOVERED, Boolean.toString(stream.recovery() == Recovery.RECOVERED));
        }
        List<OutboundText> texts = new ArrayList<>(stream.replay().size());
        List<StreamPosition> positions = new ArrayList<>(stream.replay().size());
        for (Publication p : stream.replay()) {
            texts.add(fanout.framed(p)); // framed once per position, shared with the live broadcast and other replays
            positions.add(p.position());
        }
        connection.outbox().open(EnvelopeCodec.encode(join), texts, positions, stream.from());
    }

    /**
     * A session's first frame, {@code session.ready} with its client id and no channel, once the
     * endpoint's message handlers are in place (on the opening thread).
     */
    void ready(Connection session) {
        session.writer().send(EnvelopeCodec.encode(Message.create(MessageTypes.SESSION_READY, "")
                .withClientId(session.clientId())));
    }

    /**
     * Ends one membership: unregisters it from its channel and its connection and fires the hooks,
     * once, whoever calls first. The connection (a session) stays open; a channel connection is
     * closed by whoever ended its one membership ({@link #close}, {@link #endChannel}).
     */
    CompletableFuture<Void> leave(Member connection, String why) {
        if (!connection.markLeft()) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.log(Level.DEBUG, "{0} left: {1}", connection, why);
        connection.context().cancel();
        connection.connection().remove(connection);
        Optional<ChannelRegistry.Channel> emptied = registry.leave(connection);
        CompletableFuture<Void> presence = engine.presence().remove(connection.channelId(), connection.clientId())
                .thenCompose(v -> stillFindable(connection.connection()))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.log(Level.DEBUG, "removing the presence of " + connection + " failed", e);
                    }
                });
        ChannelRegistry.Channel left = connection.channel();
        // members on other nodes hear of it even when this node's part of the channel is now empty;
        // nobody does when the channel was ended on purpose (everyone is being closed)
        if (options.presenceEvents() && !serverClosed.getAsBoolean() && left != null && !left.wasEnded()) {
            publishPresence(MessageTypes.PRESENCE_LEFT, connection);
        }
        // never before this client's onClientJoined, which may still be running on its joining thread
        connection.joinHook.whenReleased(() -> hooks.clientLeft(connection.info()));
        emptied.ifPresent(this::channelGone);
        return presence;
    }

    /**
     * After one membership of a session left: the engine finds a client by one presence entry per
     * client id (the last one added), which that leave may just have removed; a session still in
     * other channels adds (refreshes) one of them again, so that direct sends from other nodes still
     * find it. Nothing for a closed connection or one in no channel.
     */
    private CompletableFuture<Void> stillFindable(Connection connection) {
        if (!connection.isSession() || connection.isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        Member other = connection.members().stream().filter(m -> !m.hasLeft()).findFirst().orElse(null);
        if (other == null) {
            return CompletableFuture.completedFuture(null);
        }
        return engine.presence().add(presenceOf(other), PRESENCE_TTL).thenRun(() -> {
            if (other.hasLeft()) { // left while re-adding: its removal may have come first
                engine.presence().remove(other.channelId(), other.clientId());
            }
        });
    }

    /**
     * Ends {@code channel}: removes it from the registry first, so a client joining meanwhile gets a
     * new channel instead of one that is being torn down, then sends {@code type} to each member and
     * closes it after its queued frames; with {@code forgetStream}, removes the channel's stream too
     * (expiry; {@code closeChannel} removes it once for all nodes). Returns false when the channel was already gone.
     */
    boolean endChannel(ChannelRegistry.Channel channel, String type, String reason, boolean forgetStream) {
        if (registry.end(channel).isEmpty()) {
            return false;
        }
        if (forgetStream) {
            forgetStream(channel.id);
        }
        OutboundText text = OutboundText.of(EnvelopeCodec.encode(Message.create(type, channel.id)));
        CloseReason close = new CloseReason(CloseCodes.NORMAL_CLOSURE, reason);
        for (Member member : List.copyOf(channel.members)) {
            member.writer().send(text);
            if (member.connection().isSession()) {
                leave(member, reason); // ends this membership, not the session
            } else {
                member.writer().closeAfterDrain(close);
                close(member.connection(), reason);
            }
        }
        channelGone(channel);
        return true;
    }

    /** Removes the stream of {@code channelId}: the channel's past is over, its next use gets a new epoch. */
    void forgetStream(String channelId) {
        engine.broker().removeStream(channelId).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "removing the stream of " + channelId + " failed", e);
            }
        });
    }

    /**
     * Runs once per channel, by whoever removed it from the registry. {@code onChannelClosed} waits
     * until every member's join hooks (and so the creator's {@code onChannelCreated}) have fired.
     */
    private void channelGone(ChannelRegistry.Channel channel) {
        expiry.cancel(channel);
        unsubscribe(channel);
        pending.failChannel(channel, new ChannelNotFoundException(channel.id));
        channel.joinHooks.whenReleased(() -> hooks.channelClosed(channel.id));
    }

    private HandshakeDecision decisionOf(Handshake handshake) {
        try {
            return Optional.ofNullable(handshakeCheck.admit(handshake))
                    .orElseGet(() -> HandshakeDecision.refuse("handshake check failed"));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handshake check failed: refusing the connection", e);
            return HandshakeDecision.refuse("handshake check failed");
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
