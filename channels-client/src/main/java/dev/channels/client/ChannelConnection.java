package dev.channels.client;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client's membership of one channel: the current {@link Link}, its state, its clientID, its
 * request-reply waiters, and the reconnect loop. Two modes: on its own channel connection ({@code {base}/{C}},
 * its own link, heartbeat and reconnect loop), or a member of a {@link SessionConnection} (the session's link,
 * which it shares with the client's other channels; the session's heartbeat and reconnect loop, which rejoins
 * it). The mode is chosen by the first join ({@link #open}) and kept: {@code session} is null in the first.
 *
 * <p>Threads: {@code join} runs on the caller's thread; frames arrive on the container's reader
 * thread; closes on a container thread; reconnect attempts and pings on the client's shared
 * scheduler. {@code state}, {@code current}, {@code endedByServer}, {@code onSession} and {@code reconnectTask} are
 * written only under {@code lock} (never held across I/O, never while calling the session) and are volatile for
 * lock-free reads. On a session, frames arrive on the session's reader thread and the session's rejoins are adopted
 * on the scheduler.
 */
final class ChannelConnection implements JoinedChannel, LinkOwner {

    private static final System.Logger LOG = System.getLogger(ChannelConnection.class.getName());
    private static final int MAX_PENDING_REQUESTS = 10_000;
    /** Looked up once: {@code Json.create*} finds the provider through the service loader on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    private final ClientRuntime rt;
    private final String channelId;
    /** The channel's URI on each node, in the order given; one when the client knows one node. */
    private final List<URI> uris;
    /** Which of {@code uris} is in use, and the reconnect loop's rounds over them. */
    private final ReconnectRounds rounds;
    private final Map<String, List<String>> handshakeHeaders;
    private final Map<String, List<String>> queryParameters;
    private final ClientEndpointConfig config;
    private final PendingReplies replies;

    private final Object lock = new Object();
    private volatile ChannelState state = ChannelState.OPEN;
    private volatile Link current;
    private volatile boolean endedByServer;
    private volatile String clientId = "";
    private volatile int reconnects;
    private volatile boolean lastRejoinRecovered;
    private final StreamTracker stream = new StreamTracker();
    private ScheduledFuture<?> reconnectTask; // guarded by lock
    /** The session this channel is joined on, or null on a channel connection (set by {@link #open}, then kept). */
    private volatile SessionConnection session;
    /** Whether a session join of this channel has succeeded (then the session's reconnect loop rejoins it). */
    private volatile boolean onSession;
    /** The join parameters, sent in a session's {@code channel.join}. */
    private final Map<String, String> params;

    ChannelConnection(ClientRuntime rt, String channelId, List<URI> uris, Map<String, List<String>> headers,
                      Map<String, String> params, SessionConnection session) {
        this.rt = rt;
        this.session = session;
        this.params = Map.copyOf(params);
        Map<String, List<String>> queryParameters = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> queryParameters.put(k, List.of(v)));
        this.channelId = channelId;
        this.uris = List.copyOf(uris);
        this.rounds = new ReconnectRounds(this.uris.size(), rt.reconnect());
        this.handshakeHeaders = headers;
        this.queryParameters = java.util.Collections.unmodifiableMap(queryParameters);
        this.config = ClientEndpointConfig.Builder.create().configurator(new HandshakeHeaders(headers)).build();
        this.replies = new PendingReplies(rt.scheduler(), MAX_PENDING_REQUESTS);
    }

    /**
     * The first join, on the caller's thread: each node in turn until one joins; throws the last node's
     * {@link JoinException} when none does.
     */
    void open() {
        SessionConnection s = session;
        if (s != null && s.isReaderThread()) {
            // a listener of the session joins: it cannot wait here for a join.success that its own thread
            // would read, so this channel gets its own connection, as without sessions
            LOG.log(Level.DEBUG, "channel {0} joined from a listener of its session: on a channel connection", channelId);
            session = null;
            s = null;
        }
        if (s != null) {
            try {
                s.join(this, params);
                return;
            } catch (SessionConnection.NoSessions e) {
                session = null; // the server offers no sessions: a channel connection, as a Go client
            }
        }
        for (int i = 0; ; i++) {
            rounds.use(i);
            try {
                adopt(connectLink(uris.get(i)), false);
                return;
            } catch (JoinException e) {
                if (i + 1 >= uris.size() || e.reason() == JoinException.Reason.CANCELLED) {
                    throw e;
                }
                LOG.log(Level.INFO, "joining {0} failed ({1}): trying the next node", uris.get(i), e.getMessage());
            }
        }
    }

    /** The channel's URI on the node in use. */
    private URI current() {
        SessionConnection s = session;
        return uris.get(s != null ? s.node() : rounds.node());
    }

    @Override
    public String describe() {
        return "channel " + channelId;
    }

    /** The parameters of the join. */
    Map<String, String> sessionParams() {
        return params;
    }

    /**
     * A session's {@code join.success} for this channel arrived: the session's {@code link} becomes this
     * channel's (the first join on the caller's thread, a rejoin on the scheduler). Returns false when the
     * link closed meanwhile during a rejoin (the session's next round rejoins).
     *
     * @throws JoinException {@code CANCELLED} when the channel was left or the client closed meanwhile,
     *                       {@code CLOSED} when the link closed before a first join was adopted
     */
    boolean adoptOnSession(Link link, Message joinSuccess, boolean reconnected) {
        synchronized (lock) {
            if (state == ChannelState.CLOSED) {
                throw new JoinException(JoinException.Reason.CANCELLED, current(), -1, "the channel was left or the client closed", null);
            }
            if (link.closed.isDone()) { // the session's close handling has run, or runs after this: it saw no link here
                if (!reconnected) {
                    throw new JoinException(JoinException.Reason.CLOSED, current(), -1, "the session closed while joining", null);
                }
                return false;
            }
            onSession = true;
            opened(link, joinSuccess.clientId(), reconnected);
        }
        if (reconnected) {
            tellRejoined();
        }
        return true;
    }

    /**
     * The session's link went down (its close handling, or a rejoin that failed: {@code link} null): this channel
     * waits for the session's rejoin ({@code reconnect}) or ends.
     */
    void sessionDown(Link link, boolean reconnect) {
        synchronized (lock) {
            if (!onSession || state == ChannelState.CLOSED || (current != null && current != link)) {
                return; // not joined yet (its join fails by itself), left, or already on a newer link
            }
            current = null;
            state = reconnect ? ChannelState.RECONNECTING : ChannelState.CLOSED;
        }
        replies.failAll(() -> new ChannelUnavailableException(channelId, "the connection closed before a reply"));
        if (!reconnect) {
            LOG.log(Level.INFO, "channel {0} ended with its session", channelId);
            rt.forget().accept(this);
        }
    }

    /**
     * The URI of a rejoin: the channel's URI plus {@code since}/{@code epoch} when the server keeps a
     * stream, so that it replays what was missed.
     */
    private URI rejoinUri() {
        URI uri = current();
        String epoch = stream.epoch();
        if (epoch.isEmpty()) {
            return uri;
        }
        String query = ChannelHeaders.SINCE_PARAM + "=" + stream.offset() + "&" + ChannelHeaders.EPOCH_PARAM + "="
                + java.net.URLEncoder.encode(epoch, java.nio.charset.StandardCharsets.UTF_8);
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    /** Under {@code lock}: {@code link} joined as {@code newClientId} and is now this channel's (a rejoin when {@code reconnected}). */
    private void opened(Link link, String newClientId, boolean reconnected) {
        clientId = newClientId;
        current = link;
        state = ChannelState.OPEN;
        if (reconnected) {
            reconnects++;
            lastRejoinRecovered = stream.lastJoinRecovered();
        }
    }

    /** After a rejoin, outside {@code lock}: tells the application's rejoin listener whether it recovered. */
    private void tellRejoined() {
        try {
            rt.rejoinListener().onRejoined(this, lastRejoinRecovered);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the rejoin listener failed", e);
        }
    }

    /** Opens a link and waits for its {@code join.success}. */
    private Link connectLink(URI uri) {
        Link link = new Link();
        long deadline = System.nanoTime() + rt.options().connectTimeout().toNanos();
        try {
            connect(link, uri);
        } catch (DeploymentException | IOException | RuntimeException e) {
            if (!TyrusContainerSupport.lostExecutorRace(e)) {
                throw JoinFailures.classify(uri, e);
            }
            link = new Link();
            try {
                connect(link, uri); // once more, on the fresh executors the container makes now
            } catch (DeploymentException | IOException | RuntimeException again) {
                throw JoinFailures.classify(uri, again);
            }
        }
        try {
            link.joined.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return link;
        } catch (TimeoutException e) {
            link.abandon(new CloseReason(CloseCodes.GOING_AWAY, "no join.success in time"));
            throw new JoinException(JoinException.Reason.TIMEOUT, uri, -1,
                    "connected, but no join.success within " + rt.options().connectTimeout(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidJoinException invalid) {
                link.abandon(new CloseReason(CloseCodes.PROTOCOL_ERROR, "invalid join.success"));
                throw new JoinException(JoinException.Reason.PROTOCOL, uri, -1,
                        "the server's join.success is not valid: " + invalid.getMessage(), invalid);
            }
            boolean refused = e.getCause() instanceof ClosedBeforeJoinException c && c.isRefusal();
            throw new JoinException(refused ? JoinException.Reason.REFUSED : JoinException.Reason.CLOSED, uri, -1,
                    e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.abandon(new CloseReason(CloseCodes.GOING_AWAY, "join interrupted"));
            throw new JoinException(JoinException.Reason.CANCELLED, uri, -1, "interrupted", e);
        }
    }

    /** Opens {@code link} to {@code uri}: the channel's URI, or for a rejoin that asks for recovery, with since/epoch. */
    private void connect(Link link, URI uri) throws DeploymentException, IOException {
        rt.container().connectToServer(
                new ConnectionEndpoint(this, link, rt.writerOptions(), rt.options().maxMessageSize()), config, uri);
    }

    /** Makes a joined link the current one, unless the channel was left meanwhile. */
    private void adopt(Link link, boolean reconnected) {
        synchronized (lock) {
            if (state == ChannelState.CLOSED) {
                link.abandon(new CloseReason(CloseCodes.NORMAL_CLOSURE, "left while joining"));
                throw new JoinException(JoinException.Reason.CANCELLED, current(), -1, "the channel was left or the client closed", null);
            }
            opened(link, link.joined.join().clientId(), reconnected);
        }
        if (reconnected) {
            tellRejoined();
        }
        Heartbeat.start(rt, this, link);
        if (link.closed.isDone()) { // closed between join.success and adoption
            linkClosed(link, link.closed.join());
        }
    }

    /** A frame from {@code link}'s server, on its reader thread. */
    @Override
    public void onText(Link link, String text) {
        rt.dispatcher().dispatch(this, link, text);
    }

    /**
     * A message from {@code link}'s server was over the maximum message size (reader thread). The
     * connection is closed with 1009 and the channel ends without reconnecting, whatever the
     * reconnect policy: the policy is for transient failures (network loss, server restart, no pong),
     * while a server sending messages bigger than this client accepts is a mismatch of configuration
     * that a new connection does not fix, and reconnecting would drop messages silently and could
     * repeat for as long as the policy allows.
     */
    @Override
    public void onTooBig(Link link) {
        int max = rt.options().maxMessageSize();
        LOG.log(Level.WARNING, "the server of channel {0} sent a message over {1} bytes (maxMessageSize): "
                + "closing with 1009, not reconnecting", channelId, String.valueOf(max));
        CloseReason reason = new CloseReason(CloseCodes.TOO_BIG, "message larger than " + max + " bytes");
        linkClosed(link, reason, false);
        link.writer().closeNow(reason);
    }

    /**
     * The server said the channel expired or was closed (reader thread): on a channel connection its close
     * must not trigger a reconnect; on a session the membership has ended while the session goes on, so the
     * channel ends here (no {@code channel.leave}: there is nothing left to leave).
     */
    void markEndedByServer() {
        endedByServer = true;
        SessionConnection s = session;
        if (s != null && onSession) {
            synchronized (lock) {
                if (state == ChannelState.CLOSED) {
                    return;
                }
                state = ChannelState.CLOSED;
                current = null;
            }
            s.dropped(this);
            replies.failAll(() -> new ChannelUnavailableException(channelId, "the server ended the channel before a reply"));
            rt.forget().accept(this);
        }
    }

    /** The link closed (container report, or no pong); decides between reconnect and the end. */
    @Override
    public void linkClosed(Link link, CloseReason reason) {
        linkClosed(link, reason, true);
    }

    private void linkClosed(Link link, CloseReason reason, boolean mayReconnect) {
        boolean reconnect;
        synchronized (lock) {
            if (link != current || !link.claimCloseHandling()) {
                return;
            }
            current = null;
            if (state == ChannelState.CLOSED) {
                return;
            }
            boolean abnormal = reason.getCloseCode().getCode() != CloseCodes.NORMAL_CLOSURE.getCode() && !endedByServer;
            reconnect = mayReconnect && abnormal && rt.reconnect().enabled();
            state = reconnect ? ChannelState.RECONNECTING : ChannelState.CLOSED;
        }
        link.stopHeartbeat();
        LOG.log(Level.INFO, "connection of channel {0} closed ({1} {2}){3}", channelId,
                String.valueOf(reason.getCloseCode().getCode()), reason.getReasonPhrase(), reconnect ? ": reconnecting" : "");
        replies.failAll(() -> new ChannelUnavailableException(channelId, "the connection closed before a reply"));
        if (reconnect) {
            scheduleAttempt(rounds.start(reason.getCloseCode().getCode()));
        } else {
            rt.forget().accept(this);
        }
    }

    private void scheduleAttempt(ReconnectRounds.Next next) {
        synchronized (lock) {
            if (state != ChannelState.RECONNECTING) {
                return;
            }
            try {
                reconnectTask = rt.scheduler().schedule(() -> attempt(next.attempt()), next.delay().toNanos(), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                state = ChannelState.CLOSED;
            }
        }
        rt.forget().accept(this);
    }

    private void attempt(int attempt) {
        if (state != ChannelState.RECONNECTING) {
            return;
        }
        Link link;
        try {
            link = connectLink(rejoinUri());
        } catch (JoinException e) {
            ReconnectRounds.Next next = rounds.failed(attempt);
            if (next == null) {
                LOG.log(Level.WARNING, "giving up reconnecting channel {0} after {1} attempts: {2}",
                        channelId, attempt, e.getMessage());
                giveUp();
            } else {
                if (next.attempt() == attempt) {
                    LOG.log(Level.INFO, "reconnecting channel {0} failed ({1}): trying {2}", channelId, e.getMessage(), current());
                } else {
                    LOG.log(Level.INFO, "reconnect attempt {0} for channel {1} failed: {2}", attempt, channelId, e.getMessage());
                }
                scheduleAttempt(next);
            }
            return;
        }
        rounds.succeeded();
        try {
            adopt(link, true);
            LOG.log(Level.INFO, "channel {0} reconnected as client {1}", channelId, clientId);
        } catch (JoinException e) {
            LOG.log(Level.DEBUG, "channel {0} left while reconnecting", channelId);
        }
    }

    private void giveUp() {
        synchronized (lock) {
            if (state != ChannelState.RECONNECTING) {
                return;
            }
            state = ChannelState.CLOSED;
        }
        rt.forget().accept(this);
    }

    /** Leaves the channel, telling the server; see {@link #leave(String, boolean)}. */
    CompletableFuture<Void> leave(String why) {
        return leave(why, true);
    }

    /**
     * Leaves the channel: on a channel connection closes it normally after what is queued and stops any
     * reconnect; on a session sends {@code channel.leave} when {@code tellServer} (not when the client closes
     * the whole session). Completes when the server confirmed ({@code leave.success}) or at once when there is
     * nothing to wait for.
     */
    CompletableFuture<Void> leave(String why, boolean tellServer) {
        Link link;
        SessionConnection s = session;
        synchronized (lock) {
            if (state == ChannelState.CLOSED && current == null) {
                return CompletableFuture.completedFuture(null);
            }
            state = ChannelState.CLOSED;
            link = current;
            current = null;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
        }
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (s != null) {
            done = s.leave(this, tellServer && link != null);
        } else if (link != null) {
            link.abandon(new CloseReason(CloseCodes.NORMAL_CLOSURE, why));
        }
        replies.failAll(() -> new ChannelUnavailableException(channelId, "the channel was left before a reply"));
        rt.forget().accept(this);
        return done;
    }

    /** The session this channel is on, or null on a channel connection. */
    SessionConnection session() {
        return session;
    }

    /** Queues {@code message} on the current link; fails fast when there is none or its queue is full. */
    void send(Message message) {
        Link link = current;
        if (link == null) {
            throw new ChannelUnavailableException(channelId, state == ChannelState.RECONNECTING
                    ? "the connection is down and reconnecting" : "the channel is closed");
        }
        if (!link.writer().send(EnvelopeCodec.encode(message))) {
            throw new ChannelUnavailableException(channelId, "the connection is closing or its outgoing queue is full");
        }
    }

    /** The link frames are currently sent on, or null. */
    Link currentLink() {
        return current;
    }

    PendingReplies replies() {
        return replies;
    }

    Map<String, List<String>> handshakeHeaders() {
        return handshakeHeaders;
    }

    Map<String, List<String>> queryParameters() {
        return queryParameters;
    }

    @Override
    public String channelId() {
        return channelId;
    }

    @Override
    public URI uri() {
        return current();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public ChannelState state() {
        return state;
    }

    @Override
    public int reconnects() {
        return reconnects;
    }

 @Override
    public boolean lastRejoinRecovered() {
        return lastRejoinRecovered;
    }

    @Override
    public String streamEpoch() {
        return stream.epoch();
    }

    @Override
    public long lastOffset() {
        return stream.offset();
    }

    StreamTracker stream() {
        return stream;
    }

    @Override
    public ChannelPresence presence() {
        return presence("");
    }

    @Override
    public ChannelPresence presence(String after) {
        java.util.Objects.requireNonNull(after, "after");
        return parsePresence(info(after.isEmpty() ? null : JSON.createObjectBuilder().add("after", after).build()));
    }

    @Override
    public int memberCount() {
        Message info = info(JSON.createObjectBuilder().add("countOnly", true).build());
        return parsePresence(info).count();
    }

    /** Sends {@code get.info} with {@code body} (none when null) and waits for the {@code info} reply. */
    private Message info(jakarta.json.JsonObject body) {
        Duration timeout = rt.options().connectTimeout();
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Message> reply = replies.register(correlationId, timeout,
                () -> new RequestTimeoutException(channelId, MessageTypes.GET_INFO, correlationId, timeout));
        try {
            Message ask = Message.create(MessageTypes.GET_INFO, channelId).withClientId(clientId).withCorrelationId(correlationId);
            send(body == null ? ask : ask.withBody(body));
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        try {
            return reply.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new RequestTimeoutException(channelId, MessageTypes.GET_INFO, correlationId, timeout);
        } catch (InterruptedException e) {
            reply.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the info reply", e);
        }
    }

    private ChannelPresence parsePresence(Message info) {
        if (!info.hasBody() || info.body().getValueType() != jakarta.json.JsonValue.ValueType.OBJECT) {
            return new ChannelPresence(channelId, 0, List.of());
        }
        jakarta.json.JsonObject body = info.body().asJsonObject();
        List<ChannelPresence.Member> members = new ArrayList<>();
        jakarta.json.JsonArray list = body.getJsonArray("members");
        if (list != null) {
            for (jakarta.json.JsonValue v : list) {
                if (v instanceof jakarta.json.JsonObject m) {
                    members.add(new ChannelPresence.Member(m.getString("clientId", ""), m.getString("userId", "")));
                }
            }
        }
        return new ChannelPresence(body.getString("channelId", channelId), body.getInt("count", members.size()), members,
                body.getString("next", ""));
    }

    @Override
    public String toString() {
        return "JoinedChannel[" + channelId + ", " + state + ", clientId=" + clientId + ", " + current() + "]";
    }
}
