package dev.channels.client;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One session connection of a client (docs/protocol.md "Sessions"): the channels joined at the same base URI(s)
 * with the same handshake headers share it, each a {@link ChannelConnection} member joined with
 * {@code channel.join} and left with {@code channel.leave}. It owns the {@link Link} (one socket, one
 * {@code SessionWriter}: the one writer every member sends through), the heartbeat, and the one reconnect loop
 * that rejoins every member with its own {@code since}/{@code epoch}; each member keeps its own state, stream
 * position, request-reply waiters and {@code recovered} flag.
 *
 * <p>When the server offers no sessions (it refuses {@code {base}} with 404, closes it before
 * {@code session.ready}, or answers with something else: a Go server) the session becomes
 * {@link Mode#UNSUPPORTED} for good and {@link #join} throws {@link NoSessions}: the member then opens its own
 * channel connection.
 *
 * <p>Threads: the first join opens the link on the joining caller's thread (other callers wait for it); frames
 * arrive one at a time on the link's reader thread ({@link #onText}), which routes them to members by
 * {@code channelId}; the close on a container thread; reconnect attempts, pings, join timeouts and rejoin
 * adoptions run on the client's scheduler. {@code mode}, {@code current}, {@code up}, {@code opening} and
 * {@code reconnectTask} are written only under {@code lock}, which is never held across I/O nor while calling
 * a member; a member's own lock is taken only after this one is released (never nested). {@code members},
 * {@code joins} and {@code leaves} are concurrent maps.
 */
final class SessionConnection implements LinkOwner {

    private static final System.Logger LOG = System.getLogger(SessionConnection.class.getName());
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    /** Where the session is. */
    enum Mode {
        /** No link yet, or it ended without a reconnect: the next join opens one. */
        NEW,
        /** The link is up ({@code session.ready} received). */
        UP,
        /** The link dropped; the reconnect loop is at work. */
        RECONNECTING,
        /** The server offers no sessions: members use channel connections. */
        UNSUPPORTED,
        /** The client closed. */
        CLOSED
    }

    /** The server offers no sessions: join on a channel connection instead. */
    static final class NoSessions extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSessions(String why, Throwable cause) {
            super(why, cause, false, false);
        }
    }

    private record PendingJoin(ChannelConnection member, CompletableFuture<Message> future) {
    }

    private final ClientRuntime rt;
    /** {@code {base}} on each node, in the order given. */
    private final List<URI> uris;
    private final ClientEndpointConfig config;
    private final Map<String, ChannelConnection> members = new ConcurrentHashMap<>();
    private final Map<String, PendingJoin> joins = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> leaves = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private Mode mode = Mode.NEW; // guarded by lock
    private volatile Link current; // written under lock
    private CompletableFuture<Link> up = new CompletableFuture<>(); // guarded by lock: the link of the next/current session.ready
    private boolean opening; // guarded by lock: a caller is opening the first link
    private ScheduledFuture<?> reconnectTask; // guarded by lock
    /** Which of {@code uris} is in use (written by the opener, then by the reconnect loop), and the loop's rounds. */
    private final ReconnectRounds rounds;
    /** The thread dispatching a frame of this session right now, if any. */
    private volatile Thread reader;

    SessionConnection(ClientRuntime rt, List<URI> bases, Map<String, List<String>> headers) {
        this.rt = rt;
        this.uris = bases.stream().map(SessionConnection::sessionUri).toList();
        this.rounds = new ReconnectRounds(uris.size(), rt.reconnect());
        this.config = ClientEndpointConfig.Builder.create().configurator(new HandshakeHeaders(headers)).build();
    }

    /** {@code {base}} without a trailing slash: the session endpoint (docs/protocol.md "Sessions"). */
    static URI sessionUri(URI base) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    @Override
    public String describe() {
        return "session " + uris.get(rounds.node());
    }

    /** Which node (index into the base URIs) the session uses. */
    int node() {
        return rounds.node();
    }

    /** Whether the calling thread is this session's reader thread (which must not wait for this session). */
    boolean isReaderThread() {
        return Thread.currentThread() == reader;
    }

    /**
     * The first join of {@code member} (the caller's thread): brings the link up if needed, sends
     * {@code channel.join} and waits for its {@code join.success}, then the member adopts the link.
     *
     * @throws NoSessions when the server offers no sessions (nothing was joined)
     * @throws JoinException when the session cannot be opened, the join is refused ({@link JoinRefusedException})
     *                       or does not complete within the connect timeout
     */
    void join(ChannelConnection member, Map<String, String> params) {
        long deadline = System.nanoTime() + rt.options().connectTimeout().toNanos();
        Link link = awaitUp(deadline, member.uri());
        if (members.putIfAbsent(member.channelId(), member) != null) {
            throw new IllegalStateException("channel '" + member.channelId() + "' is already joined on this session");
        }
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Message> joined = new CompletableFuture<>();
        joins.put(correlationId, new PendingJoin(member, joined));
        boolean ok = false;
        try {
            if (!link.writer().send(EnvelopeCodec.encode(joinFrame(member, correlationId, params)))) {
                throw new JoinException(JoinException.Reason.CLOSED, member.uri(), -1,
                        "the session is closing or its outgoing queue is full", null);
            }
            Message success = joined.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            member.adoptOnSession(link, success, false);
            ok = true;
        } catch (TimeoutException e) {
            sendLeave(link, member.channelId()); // should its join.success still come, the server forgets it
            throw new JoinException(JoinException.Reason.TIMEOUT, member.uri(), -1,
                    "no join.success on the session within " + rt.options().connectTimeout(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JoinException j) {
                throw j;
            }
            if (cause instanceof InvalidJoinException invalid) {
                throw new JoinException(JoinException.Reason.PROTOCOL, member.uri(), -1,
                        "the server's join.success is not valid: " + invalid.getMessage(), invalid);
            }
            throw new JoinException(JoinException.Reason.CLOSED, member.uri(), -1, cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendLeave(link, member.channelId());
            throw new JoinException(JoinException.Reason.CANCELLED, member.uri(), -1, "interrupted", e);
        } catch (JoinException e) {
            if (e.reason() == JoinException.Reason.CANCELLED) { // left or client closed while joining
                sendLeave(link, member.channelId());
            }
            throw e;
        } finally {
            joins.remove(correlationId);
            if (!ok) {
                members.remove(member.channelId(), member);
            }
        }
    }

    /** The link once it is up: opens it on this thread when nobody has, else waits for the opener or the reconnect loop. */
    private Link awaitUp(long deadline, URI forErrors) {
        CompletableFuture<Link> ready;
        boolean open;
        synchronized (lock) {
            if (mode == Mode.UNSUPPORTED) {
                throw new NoSessions("the server offers no sessions", null);
            }
            if (mode == Mode.CLOSED) {
                throw new JoinException(JoinException.Reason.CANCELLED, forErrors, -1, "the client was closed", null);
            }
            ready = up;
            open = mode == Mode.NEW && !opening;
            if (open) {
                opening = true;
            }
        }
        if (open) {
            openFirst(ready);
        }
        try {
            return ready.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSessions n) {
                throw n;
            }
            if (e.getCause() instanceof JoinException j) {
                throw j;
            }
            throw new JoinException(JoinException.Reason.CLOSED, forErrors, -1, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new JoinException(JoinException.Reason.TIMEOUT, forErrors, -1,
                    "the session did not come up within " + rt.options().connectTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JoinException(JoinException.Reason.CANCELLED, forErrors, -1, "interrupted", e);
        }
    }

    /** Opens the first link, each node in turn (the opener's thread); completes {@code ready} either way. */
    private void openFirst(CompletableFuture<Link> ready) {
        JoinException last = null;
        for (int i = 0; i < uris.size(); i++) {
            rounds.use(i);
            Link link;
            try {
                link = connectLink(uris.get(i));
            } catch (NoSessions e) {
                LOG.log(Level.DEBUG, "{0} offers no sessions ({1}): one connection per channel", uris.get(i), e.getMessage());
                synchronized (lock) {
                    opening = false;
                    if (mode == Mode.NEW) {
                        mode = Mode.UNSUPPORTED;
                    }
                }
                ready.completeExceptionally(e);
                return;
            } catch (JoinException e) {
                last = e;
                LOG.log(Level.INFO, "opening a session at {0} failed ({1})", uris.get(i), e.getMessage());
                continue;
            } catch (RuntimeException e) { // unexpected: fail this opening, so that waiters do not hang
                last = new JoinException(JoinException.Reason.UNREACHABLE, uris.get(i), -1, "cannot open the session: " + e, e);
                continue;
            }
            boolean adopted;
            synchronized (lock) {
                opening = false;
                adopted = mode == Mode.NEW;
                if (adopted) {
                    mode = Mode.UP;
                    current = link;
                }
            }
            if (!adopted) { // the client closed meanwhile
                link.abandon(new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed"));
                ready.completeExceptionally(new JoinException(JoinException.Reason.CANCELLED, uris.get(i), -1,
                        "the client was closed", null));
                return;
            }
            Heartbeat.start(rt, this, link);
            ready.complete(link);
            if (link.closed.isDone()) { // closed between session.ready and adoption
                linkClosed(link, link.closed.join());
            }
            return;
        }
        synchronized (lock) {
            opening = false;
            if (up == ready) {
                up = new CompletableFuture<>(); // the next join tries again
            }
        }
        ready.completeExceptionally(last);
    }

    /**
     * Opens a link to {@code uri} and waits for {@code session.ready}.
     *
     * @throws NoSessions when the server does not serve sessions there
     */
    private Link connectLink(URI uri) {
        Link link = new Link();
        long deadline = System.nanoTime() + rt.options().connectTimeout().toNanos();
        try {
            connect(link, uri);
        } catch (DeploymentException | IOException | RuntimeException e) {
            if (!TyrusContainerSupport.lostExecutorRace(e)) {
                throw noSessionsOr(JoinFailures.classify(uri, e));
            }
            link = new Link();
            try {
                connect(link, uri);
            } catch (DeploymentException | IOException | RuntimeException again) {
                throw noSessionsOr(JoinFailures.classify(uri, again));
            }
        }
        try {
            link.joined.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return link;
        } catch (TimeoutException e) {
            link.abandon(new CloseReason(CloseCodes.GOING_AWAY, "no session.ready in time"));
            throw new JoinException(JoinException.Reason.TIMEOUT, uri, -1,
                    "connected, but no session.ready within " + rt.options().connectTimeout(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidJoinException invalid) { // another first frame: not a session server
                link.abandon(new CloseReason(CloseCodes.NORMAL_CLOSURE, "no sessions"));
                throw new NoSessions(invalid.getMessage(), invalid);
            }
            CloseReason reason = e.getCause() instanceof ClosedBeforeJoinException c ? c.reason() : null;
            int code = reason == null ? -1 : reason.getCloseCode().getCode();
            if (code == CloseCodes.VIOLATED_POLICY.getCode()) { // refused, as a channel connection would be
                throw new JoinException(JoinException.Reason.REFUSED, uri, -1,
                        "the server closed the session before session.ready: 1008 " + reason.getReasonPhrase(), e.getCause());
            }
            if (reason == null || ReconnectRounds.serverMoving(code) || code == CloseCodes.CLOSED_ABNORMALLY.getCode()) {
                throw new JoinException(JoinException.Reason.CLOSED, uri, -1, e.getCause().getMessage(), e.getCause());
            }
            throw new NoSessions("closed before session.ready: " + code, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.abandon(new CloseReason(CloseCodes.GOING_AWAY, "join interrupted"));
            throw new JoinException(JoinException.Reason.CANCELLED, uri, -1, "interrupted", e);
        }
    }

    /** A handshake answered 404 means no session endpoint: the server has no sessions. */
    private static RuntimeException noSessionsOr(JoinException e) {
        return e.reason() == JoinException.Reason.REFUSED && e.httpStatus() == 404
                ? new NoSessions("{base} answered 404", e) : e;
    }

    private void connect(Link link, URI uri) throws DeploymentException, IOException {
        rt.container().connectToServer(
                new ConnectionEndpoint(this, link, rt.writerOptions(), rt.options().maxMessageSize()), config, uri);
    }

    private Message joinFrame(ChannelConnection member, String correlationId, Map<String, String> params) {
        JsonObjectBuilder body = JSON.createObjectBuilder();
        String epoch = member.stream().epoch();
        if (!epoch.isEmpty()) { // a rejoin that asks for recovery
            body.add("since", member.stream().offset()).add("epoch", epoch);
        } else if (params.containsKey(ChannelHeaders.SINCE_PARAM) && params.containsKey(ChannelHeaders.EPOCH_PARAM)) {
            // a first join that asks for recovery as a channel connection would, with the query parameters
            // since/epoch: on a session they are the join body's (the server reads them there, not from params)
            body.add("since", params.get(ChannelHeaders.SINCE_PARAM)).add("epoch", params.get(ChannelHeaders.EPOCH_PARAM));
        }
        if (!params.isEmpty()) {
            JsonObjectBuilder p = JSON.createObjectBuilder();
            params.forEach(p::add);
            body.add("params", p);
        }
        return Message.create(MessageTypes.CHANNEL_JOIN, member.channelId()).withCorrelationId(correlationId)
                .withBody(body.build());
    }

    /**
     * Ends {@code member} on this session (any thread): forgets it and, with {@code tellServer}, sends
     * {@code channel.leave}; completes once {@code leave.success} (or an error for it) arrives, or at once
     * when nothing was sent. The caller bounds its wait.
     */
    CompletableFuture<Void> leave(ChannelConnection member, boolean tellServer) {
        members.remove(member.channelId(), member);
        return tellServer ? sendLeave(current, member.channelId()) : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> sendLeave(Link link, String channelId) {
        if (link == null || link != current) {
            return CompletableFuture.completedFuture(null);
        }
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Void> left = new CompletableFuture<>();
        leaves.put(correlationId, left);
        left.whenComplete((v, e) -> leaves.remove(correlationId));
        if (!link.writer().send(EnvelopeCodec.encode(
                Message.create(MessageTypes.CHANNEL_LEAVE, channelId).withCorrelationId(correlationId)))) {
            left.complete(null);
        } else if (link.closed.isDone()) {
            left.complete(null); // closed meanwhile: nobody completes it otherwise
        }
        return left;
    }

    /** The server ended {@code member}'s membership ({@code channel.closed}/{@code channel.expired}): forget it. */
    void dropped(ChannelConnection member) {
        members.remove(member.channelId(), member);
    }

    /** A frame from the server (the link's reader thread): routed to its channel's member. */
    @Override
    public void onText(Link link, String text) {
        reader = Thread.currentThread();
        try {
            route(link, text);
        } finally {
            reader = null;
        }
    }

    private void route(Link link, String text) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(text);
        } catch (MalformedFrameException e) {
            if (!link.joined.isDone()) {
                link.joined.completeExceptionally(new InvalidJoinException("an unreadable first frame"));
            }
            LOG.log(Level.WARNING, "dropped an unreadable frame on {0}: {1}", describe(), e.getMessage());
            return;
        }
        if (!link.joined.isDone()) { // the first frame must be session.ready
            if (envelope instanceof Message m && MessageTypes.SESSION_READY.equals(m.type()) && !m.clientId().isBlank()) {
                link.joined.complete(m);
            } else {
                link.joined.completeExceptionally(new InvalidJoinException("the first frame is "
                        + (envelope instanceof Message m ? "'" + m.type() + "'" : "an error") + ", not session.ready"));
            }
            return;
        }
        if (envelope instanceof ErrorMessage error) {
            onError(link, error);
            return;
        }
        Message message = (Message) envelope;
        switch (message.type()) {
            case MessageTypes.JOIN_SUCCESS -> onJoinSuccess(link, message);
            case MessageTypes.LEAVE_SUCCESS -> {
                CompletableFuture<Void> left = leaves.get(message.correlationId());
                if (left != null) {
                    left.complete(null);
                }
            }
            default -> {
                ChannelConnection member = members.get(message.channelId());
                if (member == null) { // left a moment ago, or never joined: nothing to do with it
                    LOG.log(Level.DEBUG, "{0}: dropped ''{1}'' for channel ''{2}'', not joined", describe(),
                            message.type(), message.channelId());
                    return;
                }
                rt.dispatcher().dispatch(member, link, message);
            }
        }
    }

    private void onJoinSuccess(Link link, Message message) {
        PendingJoin pending = joins.remove(message.correlationId());
        if (pending == null) {
            LOG.log(Level.DEBUG, "{0}: dropped a join.success nobody waits for ({1})", describe(), message.channelId());
            return;
        }
        ChannelConnection member = pending.member();
        if (!member.channelId().equals(message.channelId()) || message.clientId().isBlank()) {
            pending.future().completeExceptionally(new InvalidJoinException("join.success for channel '"
                    + message.channelId() + "' (clientID '" + message.clientId() + "') answers the join of '"
                    + member.channelId() + "'"));
            return;
        }
        member.stream().observe(message); // before the replay that follows
        pending.future().complete(message);
        rt.dispatcher().listen(member, link, message); // a join.success listener, as on a channel connection
    }

    private void onError(Link link, ErrorMessage error) {
        if (MessageTypes.CHANNEL_JOIN.equals(error.originType())) {
            PendingJoin pending = joins.remove(error.correlationId());
            if (pending != null) {
                pending.future().completeExceptionally(
                        new JoinRefusedException(pending.member().uri(), pending.member().channelId(), error));
                return;
            }
        }
        if (MessageTypes.CHANNEL_LEAVE.equals(error.originType())) {
            CompletableFuture<Void> left = leaves.get(error.correlationId());
            if (left != null) { // e.g. 403 not joined: the channel had ended on the server already
                LOG.log(Level.DEBUG, "{0}: channel.leave of ''{1}'' answered with an error", describe(), error.channelId());
                left.complete(null);
                return;
            }
        }
        ChannelConnection member = members.get(error.channelId());
        if (member != null) {
            rt.dispatcher().dispatch(member, link, error);
        } else {
            rt.dispatcher().serverError(error);
        }
    }

    @Override
    public void onTooBig(Link link) {
        int max = rt.options().maxMessageSize();
        LOG.log(Level.WARNING, "the server of {0} sent a message over {1} bytes (maxMessageSize): "
                + "closing with 1009, not reconnecting", describe(), String.valueOf(max));
        CloseReason reason = new CloseReason(CloseCodes.TOO_BIG, "message larger than " + max + " bytes");
        linkClosed(link, reason, false);
        link.writer().closeNow(reason);
    }

    @Override
    public void linkClosed(Link link, CloseReason reason) {
        linkClosed(link, reason, true);
    }

    /** The link ended (container report, no pong, too big): every member goes down with it; one reconnect loop. */
    private void linkClosed(Link link, CloseReason reason, boolean mayReconnect) {
        boolean reconnect;
        synchronized (lock) {
            if (link != current || !link.claimCloseHandling()) {
                return;
            }
            current = null;
            if (mode == Mode.CLOSED) {
                return;
            }
            reconnect = mayReconnect && reason.getCloseCode().getCode() != CloseCodes.NORMAL_CLOSURE.getCode()
                    && rt.reconnect().enabled();
            mode = reconnect ? Mode.RECONNECTING : Mode.NEW;
            up = new CompletableFuture<>();
        }
        link.stopHeartbeat();
        LOG.log(Level.INFO, "{0} closed ({1} {2}){3}", describe(), String.valueOf(reason.getCloseCode().getCode()),
                reason.getReasonPhrase(), reconnect ? ": reconnecting " + members.size() + " channels" : "");
        failPending(reason);
        for (ChannelConnection member : List.copyOf(members.values())) {
            if (!reconnect) {
                members.remove(member.channelId(), member);
            }
            member.sessionDown(link, reconnect);
        }
        if (reconnect) {
            scheduleAttempt(rounds.start(reason.getCloseCode().getCode()));
        }
    }

    private void failPending(CloseReason reason) {
        for (PendingJoin pending : List.copyOf(joins.values())) {
            pending.future().completeExceptionally(new ClosedBeforeJoinException(reason));
        }
        joins.clear();
        for (CompletableFuture<Void> left : List.copyOf(leaves.values())) {
            left.complete(null);
        }
    }

    private void scheduleAttempt(ReconnectRounds.Next next) {
        synchronized (lock) {
            if (mode != Mode.RECONNECTING) {
                return;
            }
            try {
                reconnectTask = rt.scheduler().schedule(() -> attempt(next.attempt()), next.delay().toNanos(), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "client closing: no reconnect of {0}", describe());
            }
        }
        giveUp();
    }

    /** One reconnect attempt (scheduler thread): a new link, then every member rejoins with its since/epoch. */
    private void attempt(int attempt) {
        synchronized (lock) {
            if (mode != Mode.RECONNECTING) {
                return;
            }
        }
        URI uri = uris.get(rounds.node());
        Link link;
        try {
            link = connectLink(uri);
        } catch (JoinException | NoSessions e) {
            ReconnectRounds.Next next = rounds.failed(attempt);
            if (next == null) {
                LOG.log(Level.WARNING, "giving up reconnecting the session after {0} attempts: {1}", attempt, e.getMessage());
                giveUp();
            } else {
                if (next.attempt() == attempt) {
                    LOG.log(Level.INFO, "reconnecting {0} failed ({1}): trying {2}", uri, e.getMessage(), uris.get(rounds.node()));
                } else {
                    LOG.log(Level.INFO, "reconnect attempt {0} of the session failed: {1}", attempt, e.getMessage());
                }
                scheduleAttempt(next);
            }
            return;
        }
        rounds.succeeded();
        CompletableFuture<Link> ready;
        synchronized (lock) {
            ready = up;
            if (mode == Mode.RECONNECTING) {
                mode = Mode.UP;
                current = link;
            } else {
                ready = null;
            }
        }
        if (ready == null) { // the client closed meanwhile
            link.abandon(new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed"));
            return;
        }
        Heartbeat.start(rt, this, link);
        LOG.log(Level.INFO, "{0} reconnected: rejoining {1} channels", describe(), members.size());
        for (ChannelConnection member : List.copyOf(members.values())) {
            if (member.state() == ChannelState.RECONNECTING) {
                rejoin(link, member);
            }
        }
        ready.complete(link);
        if (link.closed.isDone()) {
            linkClosed(link, link.closed.join());
        }
    }

    /** Sends {@code member}'s rejoin; its join.success (on the reader thread) is adopted on the scheduler. */
    private void rejoin(Link link, ChannelConnection member) {
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Message> joined = new CompletableFuture<>();
        joins.put(correlationId, new PendingJoin(member, joined));
        Duration timeout = rt.options().connectTimeout();
        ScheduledFuture<?> timer = rt.scheduler().schedule(() -> joined.completeExceptionally(new JoinException(
                JoinException.Reason.TIMEOUT, member.uri(), -1, "no join.success within " + timeout, null)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        joined.whenCompleteAsync((success, error) -> {
            joins.remove(correlationId);
            timer.cancel(false);
            if (error == null) {
                try {
                    if (member.adoptOnSession(link, success, true)) {
                        LOG.log(Level.INFO, "channel {0} rejoined on the session (recovered: {1})",
                                member.channelId(), member.lastRejoinRecovered());
                    }
                } catch (JoinException left) {
                    sendLeave(link, member.channelId()); // left while rejoining
                }
            } else if (!(error instanceof ClosedBeforeJoinException)) { // the next round rejoins after a close
                LOG.log(Level.WARNING, "channel {0} could not rejoin: {1}", member.channelId(), error.getMessage());
                if (error instanceof TimeoutException || error instanceof JoinException j
                        && j.reason() == JoinException.Reason.TIMEOUT) {
                    sendLeave(link, member.channelId());
                }
                members.remove(member.channelId(), member);
                member.sessionDown(null, false);
            }
        }, rt.scheduler());
        if (!link.writer().send(EnvelopeCodec.encode(joinFrame(member, correlationId, member.sessionParams())))) {
            joined.completeExceptionally(new ClosedBeforeJoinException(
                    new CloseReason(CloseCodes.CLOSED_ABNORMALLY, "the session's queue is closed or full")));
        }
    }

    private void giveUp() {
        synchronized (lock) {
            if (mode != Mode.RECONNECTING) {
                return;
            }
            mode = Mode.NEW;
        }
        for (ChannelConnection member : List.copyOf(members.values())) {
            members.remove(member.channelId(), member);
            member.sessionDown(null, false);
        }
    }

    /**
     * The client closes (its members were left locally before): no reconnect, the link closed normally.
     * Returns the link's close, to wait for, or null.
     */
    CompletableFuture<CloseReason> close() {
        Link link;
        CompletableFuture<Link> ready;
        synchronized (lock) {
            mode = Mode.CLOSED;
            link = current;
            current = null;
            ready = up;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
        }
        ready.completeExceptionally(new JoinException(JoinException.Reason.CANCELLED, uris.get(rounds.node()), -1,
                "the client was closed", null));
        failPending(new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed"));
        members.clear();
        if (link == null) {
            return null;
        }
        link.abandon(new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed"));
        return link.session() == null ? null : link.closed;
    }
}
