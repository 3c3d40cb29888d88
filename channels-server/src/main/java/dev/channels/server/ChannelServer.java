package dev.channels.server;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.AsyncHandler;
import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Middleware;
import dev.channels.api.MiddlewareChain;
import dev.channels.api.ServerErrorHandler;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.internal.threads.DaemonSchedulers;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.ChannelEngineFactory;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.transport.RawFrameWriter;
import dev.channels.transport.SessionWriter;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A channel server: the Java form of the seed's {@code SocketServer} (docs/protocol.md, "Server
 * behaviour"). Clients join channel {@code C} by opening {@code {basePath}/C}, or open one session at
 * {@code {basePath}} and join many channels on it ({@link #sessionEndpointConfig()}, docs/protocol.md
 * "Sessions"); handlers registered per message type answer them, directly or to the whole channel.
 *
 * <pre>{@code
 * ChannelServer server = ChannelServer.builder()
 *         .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
 *         .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
 *         .build();
 * container.addEndpoint(server.endpointConfig());   // any Jakarta WebSocket container
 * }</pre>
 *
 * <p>Threading: the messages of one connection are handled one at a time, in order. Where they run
 * depends on what the runner declared ({@link #readThread(ReadThread)}): with {@link ReadThread#MAY_BLOCK}
 * (the default) every handler runs on the container thread that read the frame, so a slow handler
 * delays only its own connection; with {@link ReadThread#EVENT_LOOP} a non-blocking handler
 * ({@link Handler#nonBlocking}, an {@link AsyncHandler}) runs there and anything that may block goes to
 * the connection's worker lane ({@link HandlerLanes}), which the connection's later frames queue
 * behind. Use {@code TimeoutMiddleware} for a deadline. Every public method
 * is safe to call from any thread and never waits on a client: outbound frames go through each
 * connection's {@link SessionWriter}. One scheduler thread per server sends pings, enforces pong
 * wait and write timeout, and expires channels; one membership thread per server runs the leaves
 * that a connection's writer asked for (overflow, failed send, broken stream), off the writing stack.
 *
 * <p>Locks: no lock of the server core is held while calling into another component that may take
 * one (the engine, a hook, another member's outbox), with one nesting: a member's {@link MemberOutbox}
 * monitor is held while frames are queued on its {@link SessionWriter}, whose own lock is the inner
 * one (taken and released inside each call). The writer's listener may run inside both; it only hands
 * work to the membership thread. The in-memory engine's channel lock is never held while it delivers.
 * A worker lane's monitor ({@link HandlerLane}) guards only its queue and flags and is never held with
 * another lock or while a task runs.
 *
 * <p>Structure: this class is the facade and owns the server's shared parts (registry, pending
 * broadcast-and-await calls, fanout, scheduler, closed flag, engine); {@link ChannelMembership} runs
 * joining, leaving and the end of channels, {@link MessageDispatcher} handles inbound frames. Channel
 * messages, streams and presence go through a {@link ChannelEngine} ({@link Builder#engine}; by default
 * the {@link InMemoryEngine}): {@link EngineFanout} publishes through it and delivers what it reports
 * to this node's members. With history on ({@link ServerOptions.Builder#historySize}) channels keep a stream
 * for recovery; {@code get.info} and {@link #presence} list members on every node.
 *
 * @since 0.1.0
 */
public final class ChannelServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChannelServer.class.getName());

    private final ServerOptions options;
    private final ChannelRegistry registry = new ChannelRegistry();
    private final PendingReplies pending = new PendingReplies();
    private final ChannelEngine engine;
    private final EngineCalls calls;
    private final EngineFanout fanout;
    private final RemoteAwaits remoteAwaits;
    private final MessageDispatcher dispatcher;
    private final ScheduledExecutorService scheduler;
    private final ChannelMembership membership;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ServerCounters counters = new ServerCounters();
    private final RateLimit rateLimit;
    private final List<ReadinessCheck> readinessChecks;
    private final ChannelTracing tracing;
    private final Drain drain;
    private final ChannelAccess access;

    /** Set by the runner before connections arrive; read by every connection's dispatch. */
    private volatile ReadThread readThread = ReadThread.MAY_BLOCK;
    /** The connections' worker lanes, used when {@link #readThread} is {@link ReadThread#EVENT_LOOP}. */
    private final HandlerLanes lanes;

    private ChannelServer(Builder b) {
        this.options = b.options;
        this.engine = chooseEngine(b.engine, options);
        this.calls = new EngineCalls(options.writeTimeout().compareTo(Duration.ofSeconds(10)) < 0
                ? options.writeTimeout() : Duration.ofSeconds(10));
        this.tracing = b.tracing != null ? b.tracing : ChannelTracing.global();
        this.fanout = new EngineFanout(registry, engine, options.streamOptions(), calls, tracing);
        this.remoteAwaits = new RemoteAwaits(engine);
        this.rateLimit = options.rateLimit();
        this.readinessChecks = List.copyOf(b.readinessChecks);
        this.access = new ChannelAccess(b.authorizer);
        MiddlewareChain chain = MiddlewareChain.of(b.middleware);
        Map<String, Handler> direct = new LinkedHashMap<>();
        b.directHandlers.forEach((type, h) -> direct.put(type, chain.wrap(h)));
        Map<String, Handler> channel = new LinkedHashMap<>();
        b.channelHandlers.forEach((type, h) -> channel.put(type, chain.wrap(h)));
        // read before middleware wraps them: what each handler declared (Handler.nonBlocking, AsyncHandler)
        java.util.Set<String> nonBlocking = new java.util.HashSet<>();
        b.directHandlers.forEach((type, h) -> {
            if (h.execution() == dev.channels.api.Execution.NON_BLOCKING) {
                nonBlocking.add(type);
            }
        });
        b.channelHandlers.forEach((type, h) -> {
            if (h.execution() == dev.channels.api.Execution.NON_BLOCKING && !direct.containsKey(type)) {
                nonBlocking.add(type);
            }
        });
        this.lanes = new HandlerLanes(options, counters, this::onTransportError);
        ServerErrorHandler errorHandler = b.errorHandler != null ? b.errorHandler
                : options.exposeExceptionText() ? ServerErrorHandler.WITH_EXCEPTION_TEXT : ServerErrorHandler.DEFAULT;
        this.scheduler = DaemonSchedulers.create(1, "channels-server-scheduler");
        this.membership = new ChannelMembership(options, new ServerHooks(b.listener), b.handshakeCheck,
                new Admission(options.originPolicy(), options.connectionLimits()), registry, pending, scheduler, closed::get, this::isDraining, counters,
                engine, fanout, calls, access);
        this.dispatcher = new MessageDispatcher(direct, channel, errorHandler, pending, fanout,
                options.answerUnknownTypes(), counters, engine, calls, remoteAwaits, options.maxMembersPerInfo(), membership,
                new HistoryQueries(engine, calls, options), tracing, access, nonBlocking, b.asyncTypes, lanes);
        long period = options.pingPeriod().toMillis();
        Heartbeat heartbeat = new Heartbeat(registry::connections, options.pongWait(), options.writeTimeout(),
                (c, reason, why) -> {
                    c.writer().closeNow(reason);
                    membership.close(c, why);
                });
        scheduler.scheduleAtFixedRate(heartbeat, period, period, TimeUnit.MILLISECONDS);
        this.drain = new Drain(registry::connections, c -> {
            membership.close(c, "server draining"); // end every membership first, as close() does
            c.writer().closeAfterDrain(Drain.RESTART);
        }, scheduler);
        fanout.onEngineStatus(new EngineStatusEvents(registry::allMembers, scheduler)::changed);
        fanout.onCloseChannel(this::closeLocally);
        fanout.onAwaitControl(control -> {
            if ("await".equals(control.getString("op", ""))) {
                remoteAwaits.onAwait(control);
            } else {
                pending.completeFromNode(control.getString("correlationId", ""), control.getString("channelId", ""),
                        EnvelopeCodec.decodeMessage(control.getString("data", "")));
            }
        });
        // a Redis that lost its data lost the presence entries too: add this node's members again now
        fanout.onConnectionRestored(membership::refreshPresence);
        // every callback of the engine's listener is in place before the engine starts: a control message
        // (a channel's close, another node's broadcast-and-await) may arrive while it starts
        try {
            engine.start(fanout);
        } catch (RuntimeException | Error e) { // no thread of this server may outlive a failed build
            scheduler.shutdownNow();
            membership.shutdown();
            throw e;
        }
        long refresh = ChannelMembership.PRESENCE_TTL.toMillis() / 3;
        scheduler.scheduleAtFixedRate(membership::refreshPresence, refresh, refresh, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(fanout::expireFrames, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The engine given to the builder, unless the options name another than the in-memory one (settings
     * configured outside the code win over the code's): then that one, and the given one is closed unused.
     */
    private static ChannelEngine chooseEngine(ChannelEngine given, ServerOptions options) {
        if (given == null) {
            return ChannelEngineFactory.create(options.engineUri());
        }
        if (ChannelEngineFactory.isMemory(options.engineUri())) {
            return given;
        }
        ChannelEngine fromUri = ChannelEngineFactory.create(options.engineUri());
        LOG.log(Level.INFO, "engine: {0} from setting {1}, not the {2} given in code", fromUri.getClass().getSimpleName(),
                ChannelsSetting.ENGINE_URI.key(), given.getClass().getSimpleName());
        given.close();
        return fromUri;
    }

    /** A builder with default options, no handlers, no middleware and the seed's error handler. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings this server runs with (origin policy, limits, rate limit and the rest). */
    public ServerOptions options() {
        return options;
    }

    /**
     * The endpoint registration for any Jakarta WebSocket container: path
     * {@code {basePath}/{channelId}}, one {@link ChannelEndpoint} per connection. Each call returns a
     * new config bound to this server.
     */
    public ServerEndpointConfig endpointConfig() {
        return endpointConfig(ArrivalClock.HANDLING_TIME);
    }

    /**
     * As {@link #endpointConfig()}, for a runner that knows when each frame's bytes arrived: the rate
     * limit of each connection is charged at {@code arrivals}' time instead of when the frame is handled,
     * so a backlog the server builds neither hides a flood nor refills the bucket (see {@link RateLimit}).
     */
    public ServerEndpointConfig endpointConfig(ArrivalClock arrivals) {
        return endpointConfig(arrivals, RawFrameWriter.Factory.NONE);
    }

    /**
     * As {@link #endpointConfig(ArrivalClock)}, for a runner that owns the socket and can also write
     * already encoded frames on it: each connection's writer asks {@code rawFrames} for a raw writer
     * when the connection opens (in the endpoint's {@code onOpen}, on the container thread that runs
     * it), and sends each broadcast as the one encoded frame every member shares where it gets one.
     * The standalone runner supplies its Grizzly direct writes this way.
     */
    public ServerEndpointConfig endpointConfig(ArrivalClock arrivals, RawFrameWriter.Factory rawFrames) {
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(rawFrames, "rawFrames");
        return ServerEndpointConfig.Builder
                .create(ChannelEndpoint.class, options.basePath() + "/{" + ChannelEndpointConfigurator.CHANNEL_PARAM + "}")
                .configurator(new ChannelEndpointConfigurator(this, arrivals, rawFrames, false))
                .build();
    }

    /**
     * The session endpoint's registration, path {@code {basePath}} (no channel segment; {@code /} for
     * the root): one connection that joins and leaves many channels with {@code channel.join} /
     * {@code channel.leave} (docs/protocol.md "Sessions"), with the same handshake check, origin
     * policy and limits as {@link #endpointConfig()}. Empty when sessions are off
     * ({@link ServerOptions.Builder#sessionsEnabled}): then {@code {basePath}} is not served (404).
     * Register it next to {@link #endpointConfig()}.
     */
    public Optional<ServerEndpointConfig> sessionEndpointConfig() {
        return sessionEndpointConfig(ArrivalClock.HANDLING_TIME, RawFrameWriter.Factory.NONE);
    }

    /** As {@link #sessionEndpointConfig()}, with a runner's arrival clock and raw frame writers (see {@link #endpointConfig(ArrivalClock, RawFrameWriter.Factory)}). */
    public Optional<ServerEndpointConfig> sessionEndpointConfig(ArrivalClock arrivals, RawFrameWriter.Factory rawFrames) {
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(rawFrames, "rawFrames");
        if (!options.sessionsEnabled()) {
            return Optional.empty();
        }
        String path = options.basePath().isEmpty() ? "/" : options.basePath();
        return Optional.of(ServerEndpointConfig.Builder
                .create(ChannelEndpoint.class, path)
                .configurator(new ChannelEndpointConfigurator(this, arrivals, rawFrames, true))
                .build());
    }

    /**
     * Declares the kind of thread the runtime delivers inbound frames on; a runner calls it once,
     * before it accepts connections. Without a call the server assumes {@link ReadThread#MAY_BLOCK}, right
     * for any Jakarta WebSocket container.
     */
    public void readThread(ReadThread kind) {
        this.readThread = Objects.requireNonNull(kind, "kind");
    }

    /** The kind of thread inbound frames arrive on, as the runner declared it ({@link #readThread(ReadThread)}). */
    public ReadThread readThread() {
        return readThread;
    }

    // ---------------------------------------------------------------- server-initiated sends

    /**
     * Sends {@code message} to every member of {@code channelId} (on every node, with a cluster engine);
     * returns how many members the channel had when it was published (0: no such channel, nothing
     * sent). With history on, the message gets the channel's next offset and is kept for recovery.
     *
     * @throws EngineUnavailableException when the engine could not publish it (nothing was sent)
     */
    public int broadcast(String channelId, Message message) {
        Objects.requireNonNull(message, "message");
        return fanout.toChannel(channelId, message.withChannelId(channelId));
    }

    /**
     * Sends {@code message} to client {@code clientId}; returns whether it was queued. The message is
     * stamped with the recipient's ids: its {@code clientID} becomes {@code clientId}, and an empty
     * {@code channelId} becomes the recipient's channel.
     */
    public boolean send(String clientId, Message message) {
        Objects.requireNonNull(message, "message");
        Connection to = registry.connection(clientId).orElse(null);
        String channelId;
        if (to != null) {
            channelId = to.channelId(); // "" for a session: the message names its channel, or none
        } else { // on another node, if the engine's presence knows it
            PresenceInfo remote = calls.await(engine.presence().find(clientId)).orElse(null);
            if (remote == null) {
                return false;
            }
            channelId = remote.channelId();
        }
        Message out = message.withClientId(clientId);
        if (out.channelId().isEmpty()) {
            out = out.withChannelId(channelId);
        }
        return fanout.toClient(clientId, out);
    }

    /**
     * Broadcasts {@code message} to {@code channelId} and completes with the first message any member
     * sends back with the same correlation id (one is assigned when {@code message} has none). Fails
     * at once with {@link ChannelNotFoundException} when the channel has no members on any node, and with a
     * {@link TimeoutException} when {@code timeout} passes, with {@link ChannelNotFoundException} when
     * the channel ends (its last member leaves, it expires or is closed) before a reply, and with
     * {@link IllegalStateException} when the server is or gets closed, or at once, without
     * broadcasting, when another broadcast-and-await with the same correlation id is still waiting
     * (that one is left alone). This method never throws for these; only the returned future fails. Only a member of
     * {@code channelId} can answer, on any node (when this node has none of its members, the channel's
     * end elsewhere does not fail the call; the timeout does). The waiter is removed on every exit,
     * including a cancel by the caller.
     */
    public CompletableFuture<Message> broadcastAwait(String channelId, Message message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timeout, "timeout");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("server closed"));
        }
        ChannelRegistry.Channel channel = registry.channel(channelId).orElse(null);
        if (channel == null) { // no member here: with a cluster engine, the channel may have members on other nodes
            try {
                if (fanout.memberCount(channelId) == 0) {
                    return CompletableFuture.failedFuture(new ChannelNotFoundException(channelId));
                }
            } catch (EngineUnavailableException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Message request = message.correlationId().isEmpty()
                ? message.withCorrelationId(UUID.randomUUID().toString()) : message;
        CompletableFuture<Message> reply = channel != null
                ? pending.register(request.correlationId(), channel, timeout)
                : pending.registerRemote(request.correlationId(), channelId, timeout);
        if (reply.isDone()) { // another broadcast-and-await waits on this correlation id: do not broadcast
            return reply;
        }
        try { // members on other nodes may answer: tell their nodes first
            calls.await(engine.broker().sendControl(null, remoteAwaits.announce(request.correlationId(), channelId, timeout)));
        } catch (EngineUnavailableException e) {
            pending.cancel(request.correlationId(), e);
            return reply;
        }
        if ((channel != null && channel.isGone()) || closed.get()) { // ended while registering: its failChannel/failAll may have run already
            pending.cancel(request.correlationId(), closed.get()
                    ? new IllegalStateException("server closed") : new ChannelNotFoundException(channelId));
        } else {
            try {
                if (fanout.toChannel(channelId, request.withChannelId(channelId)) == 0) {
                    pending.cancel(request.correlationId(), new ChannelNotFoundException(channelId));
                }
            } catch (EngineUnavailableException e) {
                pending.cancel(request.correlationId(), e);
            }
        }
        return reply;
    }

    /**
     * The blocking form of {@link #broadcastAwait}.
     *
     * @throws ChannelNotFoundException when the channel has no members
     * @throws TimeoutException         when no reply came within {@code timeout}
     */
    public Message broadcastAndWait(String channelId, Message message, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            return broadcastAwait(channelId, message, timeout).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException t) {
                throw t;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---------------------------------------------------------------- queries and channel control

    /** Whether {@code channelId} exists (has members, on any node). */
    public boolean hasChannel(String channelId) {
        return registry.channel(channelId).isPresent() || fanout.memberCount(channelId) > 0;
    }

    /**
     * The members of {@code channelId} on every node, in the order they joined (empty for no such
     * channel): what {@code get.info} answers, with each member's user id and join time.
     *
     * @throws EngineUnavailableException when the engine cannot answer
     */
    public List<ChannelMember> presence(String channelId) {
        List<ChannelMember> members = new ArrayList<>();
        for (PresenceInfo p : calls.await(engine.presence().list(channelId))) {
            members.add(new ChannelMember(p.clientId(), p.userId(), p.joinedAt()));
        }
        return List.copyOf(members);
    }

    /** The engine this server runs on (the in-memory engine unless the builder was given another). */
    public ChannelEngine engine() {
        return engine;
    }

    /** The ids of the channels that exist now. */
    public Set<String> channels() {
        return registry.channelIds();
    }

    /** The client ids of the members of {@code channelId} now (empty for no such channel). */
    public Set<String> members(String channelId) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        registry.members(channelId).forEach(c -> ids.add(c.clientId()));
        try {
            calls.await(engine.presence().list(channelId)).forEach(p -> ids.add(p.clientId()));
        } catch (EngineUnavailableException e) {
            LOG.log(Level.DEBUG, "members of {0}: this node's only, the engine is unavailable", channelId);
        }
        return Set.copyOf(ids);
    }

    /** How many connections are open now (channel connections and sessions). */
    public int connectionCount() {
        return registry.connectionCount();
    }

    /**
     * How many joined connections send pre-encoded frames: a broadcast is encoded once and the same
     * bytes go to each of them (where the runner supplies raw frame writers, {@link #endpointConfig(ArrivalClock,
     * RawFrameWriter.Factory)}: the standalone runner's plain connections without extensions; see the
     * README's "Fan-out"). The others
     * use the portable {@code sendText}, which encodes per connection. For monitoring and tests.
     */
    public int rawFrameConnections() {
        int n = 0;
        for (Connection c : registry.connections()) {
            if (c.writer().rawFrames()) {
                n++;
            }
        }
        return n;
    }

    /** Broadcast-and-await calls waiting now (for monitoring and tests). */
    public int pendingReplies() {
        return pending.size();
    }

    /**
     * The server's state and event counts now (what {@link dev.channels.server.metrics.ChannelServerMetrics}
     * publishes). Walks the connections once for the queue figures; safe from any thread.
     */
    public ServerStats stats() {
        long queued = 0;
        int longest = 0;
        for (Connection c : registry.connections()) {
            int q = c.writer().queuedFrames();
            queued += q;
            longest = Math.max(longest, q);
        }
        return new ServerStats(registry.connectionCount(), registry.channelIds().size(), queued, longest,
                counters.malformedFrames.sum(), counters.unknownTypes.sum(), counters.handlerFailures.sum(),
                counters.rateLimited.sum(), counters.rateLimitDisconnects.sum(), counters.slowReaderDisconnects.sum(),
                counters.refusedJoins.sum());
    }

    /**
     * Whether this server can serve traffic now, for an operator's readiness probe: not when it is
     * closed or its scheduler (pings, timeouts, expiry) has stopped, nor while its engine is
     * unavailable ({@link ChannelEngine#isAvailable()}), nor while a registered
     * {@link ReadinessCheck} reports a problem. A check that throws counts as a problem. Safe from any
     * thread; does no I/O itself.
     */
    public Readiness readiness() {
        List<String> problems = new ArrayList<>();
        if (closed.get()) {
            problems.add("server closed");
        } else if (scheduler.isShutdown()) {
            problems.add("scheduler stopped");
        } else if (drain.isDraining()) {
            problems.add("draining: restarting");
        } else if (!engine.isAvailable()) {
            problems.add("engine unavailable"); // e.g. Redis unreachable: publishes are refused (503)
        }
        for (ReadinessCheck check : readinessChecks) {
            try {
                check.problem().ifPresent(problems::add);
            } catch (RuntimeException e) {
                problems.add("readiness check " + check + " failed: " + e);
            }
        }
        return new Readiness(problems);
    }

    /** Whether {@link #readiness()} reports no problem. */
    public boolean isReady() {
        return readiness().ready();
    }

    /**
     * Drains this node before a restart (docs/protocol.md "Rolling restarts"): from now on
     * {@link #readiness()} reports it not ready and new connections are refused (closed with 1012 right
     * after the upgrade; the standalone runners answer the handshake 503 before it), and its members are
     * closed with 1012 (service restart) in batches spread over {@code window}, so that they reconnect to
     * the other nodes gradually, with recovery. The returned future completes when no member is left;
     * then {@link #close()} the server. Idempotent: a second call returns the first call's future. A
     * window of zero closes every member at once. Safe from any thread; does not wait.
     *
     * @since 0.1.0
     */
    public CompletableFuture<Void> drain(Duration window) {
        return drain.start(window);
    }

    /** Whether {@link #drain} was called. */
    public boolean isDraining() {
        return drain.isDraining();
    }

    /**
     * Drains for the configured window ({@link ServerOptions#drainWindow()}), waits until no member is left
     * (at most the window and five seconds more), then closes: the graceful stop of a node in a rolling
     * restart, for a runner's shutdown hook or an application's undeploy. Blocks the caller. Idempotent.
     */
    public void drainAndClose() {
        if (!closed.get()) {
            Duration window = options.drainWindow();
            try {
                drain(window).get(window.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.log(Level.INFO, "members were still leaving when the drain window ended: closing");
            } catch (ExecutionException e) {
                LOG.log(Level.DEBUG, "the drain failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /**
     * Closes {@code channelId} on purpose, on every node: each member gets {@code channel.closed},
     * then its connection is closed; then the channel's stream is removed, so the channel starts over
     * with a new epoch. Returns whether the channel existed. When the engine is unavailable, only
     * this node's members are closed.
     */
    public boolean closeChannel(String channelId) {
        boolean existed = hasChannelQuietly(channelId);
        try {
            calls.await(engine.broker().sendControl(null, EngineFanout.closeControl(channelId)));
        } catch (EngineUnavailableException e) {
            LOG.log(Level.WARNING, "closing {0} on this node only: {1}", channelId, e.getMessage());
            closeLocally(channelId);
        }
        membership.forgetStream(channelId);
        return existed;
    }

    private boolean hasChannelQuietly(String channelId) {
        try {
            return hasChannel(channelId);
        } catch (EngineUnavailableException e) {
            return registry.channel(channelId).isPresent();
        }
    }

    /** Ends this node's part of {@code channelId} (a close control message from any node) and forgets its stream. */
    private void closeLocally(String channelId) {
        registry.channel(channelId).ifPresent(c -> membership.endChannel(c, MessageTypes.CHANNEL_CLOSED, "channel closed", false));
    }

    /**
     * Closes the server: new connections are refused, every member gets a close frame (1001) after
     * its queued messages, hooks fire, pending broadcast-and-await calls fail, and the scheduler
     * stops. Waits, up to two seconds, until the container has reported every session closed. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pending.failAll(new IllegalStateException("server closed"));
        List<Connection> all = new ArrayList<>(registry.connections());
        CloseReason reason = new CloseReason(CloseCodes.GOING_AWAY, "server shutting down");
        for (Connection c : all) {
            // leave first: the hooks run here, before close() returns, instead of racing on the
            // container thread that sees the client answer the close frame
            membership.close(c, "server shutting down");
            c.writer().closeAfterDrain(reason);
        }
        scheduler.shutdownNow();
        lanes.close();
        drain.serverClosed();
        membership.shutdown(); // every member has left: what it still holds are no-ops
        engine.close();
        CompletableFuture<?>[] closing = all.stream().map(Connection::whenSessionClosed).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.DEBUG, "server closed; some sessions had not closed within 2 s");
        } catch (ExecutionException e) {
            LOG.log(Level.DEBUG, "waiting for sessions to close failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    // ---------------------------------------------------------------- called by ChannelEndpoint

    /** The tracing of this server's joins, messages and publications ({@link ChannelTracing#off()} when not tracing). */
    ChannelTracing tracing() {
        return tracing;
    }

    /** Where the application's {@link ChannelAuthorizer} is asked (joins, frames, history). */
    ChannelAccess access() {
        return access;
    }

    /** The application's authorizer ({@link ChannelAuthorizer#ALLOW_ALL} unless one was set). */
    public ChannelAuthorizer authorizer() {
        return access.authorizer();
    }

    /** The join/leave/end-of-channel lifecycle of this server's connections. */
    ChannelMembership membership() {
        return membership;
    }

    /** Closes {@code session} with 1012 when this server is draining (in its {@code onOpen}); returns whether it did. */
    boolean refuseWhileDraining(jakarta.websocket.Session session) {
        return drain.refuse(session);
    }

    /** A new rate limiter for one connection (its reading thread charges it; see {@link InboundRateLimiter}). */
    InboundRateLimiter newRateLimiter() {
        // an unlimited limiter keeps no state: one for every connection
        return rateLimit.isUnlimited() ? InboundRateLimiter.UNLIMITED : new InboundRateLimiter(rateLimit, System.nanoTime());
    }

    /**
     * A whole text message from {@code from} whose last bytes arrived at {@code arrivalNanos}
     * ({@link ArrivalClock}), on the connection's reading thread.
     */
    void onText(Connection from, InboundRateLimiter limiter, long arrivalNanos, String text) {
        switch (limiter.admit(arrivalNanos)) {
            case ADMIT -> {
                if (readThread == ReadThread.EVENT_LOOP) {
                    dispatcher.onTextFromEventLoop(from, text); // blocking work goes to the connection's lane
                } else {
                    dispatcher.onText(from, text); // everything inline, as the container delivers
                }
            }
            case REJECT_AND_WARN -> {
                counters.rateLimited.increment();
                LOG.log(Level.DEBUG, "{0} is over its rate limit {1}: dropping its messages", from, rateLimit);
                ErrorMessage error = new ErrorMessage("", "", "", "", null, ErrorDetail.tooManyRequests(
                        "more than " + rateLimitText() + ": messages are dropped; slow down or be disconnected").toJson(),
                        from.channelId(), from.clientId(), Map.of());
                afterQueuedFrames(from, () -> from.writer().send(EnvelopeCodec.encode(error)));
            }
            case REJECT -> counters.rateLimited.increment();
            case CLOSING -> { } // arrived after the cut, while the close is under way
            case DISCONNECT -> {
                counters.rateLimited.increment();
                counters.rateLimitDisconnects.increment();
                LOG.log(Level.INFO, "{0} went on sending over its rate limit {1}: closing with 1008", from, rateLimit);
                afterQueuedFrames(from, () -> {
                    from.writer().closeNow(new CloseReason(CloseCodes.VIOLATED_POLICY, "rate limit exceeded: " + rateLimitText()));
                    connectionClosed(from, "rate limit exceeded");
                });
            }
        }
    }

    /**
     * Runs {@code refusal} (a rate limit's 429 or its 1008 close), decided on the read thread, after the frames
     * of {@code from} that arrived before it and still wait on its lane (event-loop reads), so that their replies
     * go first, as they do where every frame is handled inline; now when the lane is idle, full or gone.
     */
    private void afterQueuedFrames(Connection from, Runnable refusal) {
        if (readThread == ReadThread.EVENT_LOOP && lanes.mustQueue(from)) {
            try {
                if (lanes.laneOf(from).offer(lanes.guarded(from, refusal))) {
                    return;
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the server is closing: refuse now
            }
        }
        refusal.run();
    }

    private String rateLimitText() {
        return String.format(java.util.Locale.ROOT, "%.0f messages/s (burst %d)", rateLimit.messagesPerSecond(), rateLimit.burst());
    }

    void onTooBig(Connection from) {
        LOG.log(Level.DEBUG, "{0} sent a message over {1} bytes: closing with 1009", from, options.maxMessageSize());
        from.writer().closeNow(new CloseReason(CloseCodes.TOO_BIG,
                "message larger than " + options.maxMessageSize() + " bytes"));
        connectionClosed(from, "message too big");
    }

    void onBinary(Connection from) {
        LOG.log(Level.DEBUG, "{0} sent a binary frame: closing with 1003", from);
        from.writer().closeNow(new CloseReason(CloseCodes.CANNOT_ACCEPT,
                "binary frames are not supported: send JSON text frames"));
        connectionClosed(from, "binary frame");
    }

    /**
     * The container reported an error on a connection: an I/O failure, or anything that escaped the
     * message handler (an Error from a handler, a bug). Either way the connection is closed with 1011
     * and leaves; it never stays open outside the registry, where nothing would ping or reap it.
     */
    /**
     * The container closed {@code connection} (its {@code onClose}, not inside a send): its memberships end
     * here. On an event-loop runtime that thread may be a selector, and a leave runs the application's
     * {@code onClientLeft} hook, which may block: the leave then goes to the connection's idle lane, or to
     * the membership thread when the lane has work (it would wait behind it), is full, or the server is
     * closing. Also for the closes the server decides on the read thread (rate limit, too big, binary,
     * transport error). Elsewhere it runs now, on the container's thread.
     */
    void connectionClosed(Connection connection, String why) {
        if (readThread == ReadThread.EVENT_LOOP) {
            if (!lanes.mustQueue(connection)) {
                try {
                    if (lanes.laneOf(connection).offer(lanes.guarded(connection, () -> membership.close(connection, why)))) {
                        return;
                    }
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the server is closing: the membership thread (or this one, once it is gone) ends it
                }
            }
            // a lane with work (a handler still running, an async reply awaited) would hold the leave back
            // for as long: the membership thread ends it now (frames still queued find the connection closed)
            membership.closeSoon(connection, why);
            return;
        }
        membership.close(connection, why);
    }

    void onTransportError(Connection connection, Throwable error) {
        if (error instanceof java.io.IOException) {
            LOG.log(Level.DEBUG, "transport error on " + connection + ": closing it", error);
        } else if (isPeerProtocolError(error)) {
            // client-caused and per connection (a bad frame): DEBUG; the container has closed it with its code already
            LOG.log(Level.DEBUG, "{0} broke the WebSocket protocol: {1}", connection, error.toString());
        } else {
            LOG.log(Level.WARNING, "unexpected error on " + connection + ": closing it with 1011", error);
        }
        connection.writer().closeNow(new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "internal server error"));
        if (connection.writer().isDispatchingOnThisThread()) {
            // Jetty reports a failed send here from inside sendText, maybe under the member's outbox monitor:
            // leave off that stack
            membership.closeSoon(connection, "transport error");
        } else {
            connectionClosed(connection, "transport error");
        }
    }

    /**
     * The container's exceptions for a peer that broke the protocol, which it reports to
     * {@code onError} after closing the connection with their code (1002, 1007, 1009): Jetty's
     * {@code ProtocolException} (an unknown opcode, a fragmented control frame, RSV bits, ...),
     * {@code BadPayloadException} (invalid UTF-8) and {@code MessageTooLargeException}. Matched by
     * name, as this core depends on no container; Tyrus reports none of these to {@code onError}.
     */
    private static final Set<String> PEER_PROTOCOL_ERRORS = Set.of(
            "org.eclipse.jetty.websocket.core.exception.ProtocolException",
            "org.eclipse.jetty.websocket.core.exception.BadPayloadException",
            "org.eclipse.jetty.websocket.core.exception.MessageTooLargeException");

    /** Whether {@code error} is (a subclass of) one of {@link #PEER_PROTOCOL_ERRORS}. */
    static boolean isPeerProtocolError(Throwable error) {
        for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
            if (PEER_PROTOCOL_ERRORS.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds a {@link ChannelServer}. Not thread-safe; build once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<String, Handler> directHandlers = new LinkedHashMap<>();
        private final Map<String, Handler> channelHandlers = new LinkedHashMap<>();
        private final List<Middleware> middleware = new ArrayList<>();
        private final java.util.Set<String> asyncTypes = new java.util.HashSet<>();
        private ServerErrorHandler errorHandler;
        private ServerListener listener = new ServerListener() { };
        private HandshakeCheck handshakeCheck = HandshakeCheck.ALLOW_ALL;
        private ChannelAuthorizer authorizer = ChannelAuthorizer.ALLOW_ALL;
        private ServerOptions options = ServerOptions.defaults();
        private ChannelEngine engine;
        private final List<ReadinessCheck> readinessChecks = new ArrayList<>();
        private ChannelTracing tracing;

        private Builder() {
        }

        /**
         * Sets the engine where channels live (default: the one {@link ServerOptions#engineUri()} names, a new
         * {@link InMemoryEngine} unless set). The server starts it when built and closes it when closed;
         * give each server its own instance. An engine given here wins over the options' engine URI.
         */
        public Builder engine(ChannelEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Sets how the server traces joins, messages and publications (default: {@link ChannelTracing#global()},
         * the {@code GlobalOpenTelemetry} when it is set as the server is built, else no tracing):
         * {@code tracing(ChannelTracing.of(openTelemetry))} or {@link ChannelTracing#off()}.
         */
        public Builder tracing(ChannelTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing");
            return this;
        }

        /** Adds a condition {@link ChannelServer#readiness()} reports on (a cluster engine adds its own). */
        public Builder readinessCheck(ReadinessCheck check) {
            readinessChecks.add(Objects.requireNonNull(check, "readinessCheck"));
            return this;
        }

        /**
         * Registers a handler whose reply goes only to the reply's client (by default the sender).
         * When a type has both a direct and a channel handler, the direct one is used, as in the seed.
         */
        public Builder directHandler(String type, Handler handler) {
            register(directHandlers, type, handler);
            return this;
        }

        /** Registers a handler whose reply goes to every member of the reply's channel. */
        public Builder channelHandler(String type, Handler handler) {
            register(channelHandlers, type, handler);
            return this;
        }

        /**
         * Registers an {@link AsyncHandler} (non-blocking by its signature) whose reply, when its stage
         * completes, goes only to the reply's client (by default the sender), as {@link #directHandler}.
         */
        public Builder asyncDirectHandler(String type, AsyncHandler handler) {
            register(directHandlers, type, AsyncReplies.adapt(handler));
            asyncTypes.add(type);
            return this;
        }

        /** Registers an {@link AsyncHandler} whose reply, when its stage completes, goes to every member of the channel. */
        public Builder asyncChannelHandler(String type, AsyncHandler handler) {
            register(channelHandlers, type, AsyncReplies.adapt(handler));
            asyncTypes.add(type);
            return this;
        }

        /** Adds middleware around every handler; the first added runs outermost. */
        public Builder use(Middleware m) {
            middleware.add(Objects.requireNonNull(m, "middleware"));
            return this;
        }

        /**
         * Replaces the error handler with one of the application's. Without one, the server uses
         * {@link ServerErrorHandler#DEFAULT}, which sends no exception text (the log has it, under the error id
         * the envelope carries), or, with {@link ServerOptions#exposeExceptionText()} set,
         * {@link ServerErrorHandler#WITH_EXCEPTION_TEXT}, which sends it, as the seed does.
         */
        public Builder errorHandler(ServerErrorHandler handler) {
            this.errorHandler = Objects.requireNonNull(handler, "errorHandler");
            return this;
        }

        /** Sets the hooks. */
        public Builder listener(ServerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Sets the check that may refuse a connection (closed with 1008 right after the upgrade). */
        public Builder handshakeCheck(HandshakeCheck check) {
            this.handshakeCheck = Objects.requireNonNull(check, "handshakeCheck");
            return this;
        }

        /**
         * Sets who may do what in which channel (docs/protocol.md "Authorization"; default: everything is
         * allowed). A join it denies is closed with 1008 right after the upgrade, a frame it denies gets
         * an error envelope {@code "403"} and is not handled. {@link ChannelRules} builds one for the common cases.
         */
        public Builder authorizer(ChannelAuthorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * Sets the server's settings (default {@link ServerOptions#defaults()}): base path, sizes, heartbeat,
         * queues, origin policy, connection limits, rate limit, history, presence events and the rest
         * ({@link ChannelsSetting} lists them).
         */
        public Builder options(ServerOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Builds and starts the server's scheduler; register {@link ChannelServer#endpointConfig()} with a container. */
        public ChannelServer build() {
            return new ChannelServer(this);
        }

        private void register(Map<String, Handler> map, String type, Handler handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            if (MessageTypes.isReserved(type)) {
                throw new IllegalArgumentException("'" + type + "' is a reserved message type");
            }
            if (map.containsKey(type)) {
                throw new IllegalArgumentException("a handler for '" + type + "' is already registered");
            }
            map.put(type, handler);
        }
    }
}
