package dev.channels.server;

import dev.channels.api.BodyBindException;
import dev.channels.api.ChannelHeaders;
import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.ErrorReplyException;
import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Replies;
import dev.channels.api.ReplyRoute;
import dev.channels.api.ServerErrorHandler;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.PresencePage;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Handles one inbound text frame (docs/protocol.md "Server behaviour" 2 to 5 and 8): decode, find
 * the membership it belongs to (a channel connection's one; on a session the one its {@code channelId}
 * names, else {@code 403}; {@code channel.join}/{@code channel.leave} go to {@link ChannelMembership}),
 * stamp {@code clientID} and {@code channelId} from that membership, complete a broadcast-and-await,
 * otherwise run the direct or channel handler (already wrapped in the middleware chain) and route
 * its reply or its error. The reply's {@link ReplyRoute} starts as the registration's (direct:
 * sender, channel: the whole channel) and is whatever the handler or a middleware chose through
 * {@link Replies} when the chain returns; routing happens after the chain, so middleware sees every
 * reply. {@code get.info} is answered here, before the handler lookup, with a direct {@code info}
 * reply listing one page of the channel's members on every node (docs/protocol.md "Presence"). A channel reply the
 * engine cannot publish gets the sender an error envelope with {@code errCode} {@code "503"}.
 * Runs on the container thread that read the frame ({@link ReadThread#MAY_BLOCK}) or, on an event loop,
 * there as far as the work does not block and on the connection's worker lane from there
 * ({@link HandlerLanes}), so one connection's messages are handled one at a time, in order; the route of a message lives in that message's own context. Stateless
 * apart from its immutable handler maps and the server's lock-free {@link ServerCounters}. A type
 * with no handler falls through, after the reserved types the server answers itself, to a
 * {@code "404"} error envelope (or to silence, as in the seed, when so configured). Every frame
 * gets {@code userId} stamped with the sender's admitted identity and is then put to the
 * {@link ChannelAccess} (the application's {@link ChannelAuthorizer}): a denied frame gets a
 * {@code "403"} error envelope and goes no further.
 */
final class MessageDispatcher {

    /**
     * Where a frame is being handled: inline on a thread that may block ({@link ReadThread#MAY_BLOCK}),
     * inline on an event loop (only non-blocking work stays there), or on the connection's worker lane.
     */
    enum Where { MAY_BLOCK, EVENT_LOOP, LANE }

    private static final System.Logger LOG = System.getLogger(MessageDispatcher.class.getName());
    private static final int MAX_TYPE_IN_ANSWER = 100;
    /** Looked up once ({@link ServerJson}): {@code Json.create*} finds the provider through the service loader on every call. */
    private static final JsonProvider JSON = ServerJson.PROVIDER;

    private final Map<String, Handler> directHandlers;
    private final Map<String, Handler> channelHandlers;
    private final ServerErrorHandler errorHandler;
    private final PendingReplies pending;
    private final Fanout fanout;
    private final boolean answerUnknownTypes;
    private final ServerCounters counters;
    private final ChannelEngine engine;
    private final EngineCalls calls;
    private final RemoteAwaits remoteAwaits;
    private final int maxMembersPerInfo;
    private final ChannelMembership membership;
    private final HistoryQueries history;
    private final ChannelTracing tracing;
    /** The authorizer's gate for every frame (publish of its type, get.info, get.history). */
    private final ChannelAccess access;
    /** The types whose handler is declared non-blocking (an async handler is, by its signature). */
    private final Set<String> nonBlockingTypes;
    /** The types of async handlers: their reply comes with a stage ({@link AsyncReplies}). */
    private final Set<String> asyncTypes;
    /** The worker lanes, used on an event-loop runtime only. */
    private final HandlerLanes lanes;
    /**
     * Whether the server's own work (get.info, get.history, publishing a reply, the authorizer) never
     * blocks, so that it may run on an event loop: the engine answers at once and no application
     * authorizer (which may block) is installed. When not, every frame goes to the lane on an event loop.
     */
    private final boolean serverWorkInline;

    MessageDispatcher(Map<String, Handler> directHandlers, Map<String, Handler> channelHandlers,
                      ServerErrorHandler errorHandler, PendingReplies pending, Fanout fanout,
                      boolean answerUnknownTypes, ServerCounters counters,
                      ChannelEngine engine, EngineCalls calls, RemoteAwaits remoteAwaits, int maxMembersPerInfo,
                      ChannelMembership membership, HistoryQueries history, ChannelTracing tracing,
                      ChannelAccess access, Set<String> nonBlockingTypes, Set<String> asyncTypes, HandlerLanes lanes) {
        this.nonBlockingTypes = Set.copyOf(nonBlockingTypes);
        this.asyncTypes = Set.copyOf(asyncTypes);
        this.lanes = lanes;
        this.serverWorkInline = engine.answersAtOnce() && access.authorizer() == ChannelAuthorizer.ALLOW_ALL;
        this.membership = membership;
        this.access = access;
        this.directHandlers = Map.copyOf(directHandlers);
        this.channelHandlers = Map.copyOf(channelHandlers);
        this.errorHandler = errorHandler;
        this.pending = pending;
        this.fanout = fanout;
        this.answerUnknownTypes = answerUnknownTypes;
        this.counters = counters;
        this.engine = engine;
        this.calls = calls;
        this.remoteAwaits = remoteAwaits;
        this.maxMembersPerInfo = maxMembersPerInfo;
        this.history = history;
        this.tracing = tracing;
    }

    /**
     * One frame from {@code connection}. On a session, {@code channel.join}/{@code channel.leave} go
     * to the membership lifecycle, and any other frame must name a channel the session has joined
     * (else an error {@code 403}, not handled); on a channel connection every frame is its one
     * membership's. Then the frame is that membership's, handled the same way for both kinds.
     */
    void onText(Connection connection, String text) {
        onText(connection, text, Where.MAY_BLOCK);
    }

    /**
     * One frame from {@code connection}, read on an event loop ({@link ReadThread#EVENT_LOOP}): while the
     * connection's lane is active the frame queues behind it (order); else it is handled here as far as
     * it does not block, and handed to the lane where it may ({@link HandlerLanes}).
     */
    void onTextFromEventLoop(Connection connection, String text) {
        if (lanes.mustQueue(connection)) {
            lanes.offload(connection, text, () -> onText(connection, text, Where.LANE));
            return;
        }
        onText(connection, text, Where.EVENT_LOOP);
    }

    /** Whether handling {@code type} may block, so that it must leave an event loop. */
    private boolean mayBlock(String type) {
        if (!serverWorkInline) {
            return true;
        }
        return (directHandlers.containsKey(type) || channelHandlers.containsKey(type)) && !nonBlockingTypes.contains(type);
    }

    private void onText(Connection connection, String text, Where where) {
        Message decoded;
        try {
            decoded = EnvelopeCodec.decodeMessage(text);
        } catch (MalformedFrameException e) {
            counters.malformedFrames.increment();
            LOG.log(Level.DEBUG, "{0} sent a malformed frame: {1}", connection, e.getMessage());
            ErrorMessage error = new ErrorMessage("", "", "", "", JSON.createValue(text),
                    ErrorDetail.badRequest(e.getMessage()).toJson(), connection.channelId(), connection.clientId(), Map.of());
            connection.writer().send(EnvelopeCodec.encode(error));
            return;
        }
        Member from;
        if (connection.isSession()) {
            decoded = decoded.withClientId(connection.clientId());
            if (where == Where.EVENT_LOOP && (MessageTypes.CHANNEL_JOIN.equals(decoded.type())
                    || MessageTypes.CHANNEL_LEAVE.equals(decoded.type()))) {
                // joins and leaves run the application's hooks and may wait for the engine
                lanes.offload(connection, text, () -> onText(connection, text, Where.LANE));
                return;
            }
            if (MessageTypes.CHANNEL_JOIN.equals(decoded.type())) {
                membership.joinFromSession(connection, decoded);
                return;
            }
            if (MessageTypes.CHANNEL_LEAVE.equals(decoded.type())) {
                membership.leaveFromSession(connection, decoded);
                return;
            }
            from = connection.member(decoded.channelId());
            if (from == null) {
                LOG.log(Level.DEBUG, "{0} sent ''{1}'' for channel ''{2}'', which it has not joined: answered 403",
                        connection, decoded.type(), decoded.channelId());
                connection.writer().send(EnvelopeCodec.encode(decoded.toError(ChannelMembership.notJoined(decoded.channelId()))));
                return;
            }
        } else {
            from = connection.fixedMember();
            if (from == null) {
                return; // its membership ended (the channel closed): the connection is closing
            }
        }
        Message message = decoded.toBuilder()
                .clientId(from.clientId())
                .channelId(from.channelId())
                .userId(connection.userId()) // the admitted identity's name, over what the client wrote ("Authorization")
                .build();
        if (where == Where.EVENT_LOOP && mayBlock(message.type())) {
            Member member = from;
            lanes.offload(connection, text, () -> handle(member, message, Where.LANE));
            return;
        }
        handle(from, message, where);
    }

    /** Handles {@code message}, decoded and stamped, from {@code from}, {@code where} it is. */
    private void handle(Member from, Message message, Where where) {
        // tracing off: NONE, a constant (no span, no allocation); on: the span is current while the message is handled
        TraceSpan span = tracing.message(message, tracing.isEnabled() && isRegistered(message.type()));
        try {
            dispatch(from, message, span, where);
        } catch (RuntimeException | Error e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Whether {@code type} has a handler or is one the server answers itself (such types name trace spans). */
    private boolean isRegistered(String type) {
        return directHandlers.containsKey(type) || channelHandlers.containsKey(type) || MessageTypes.GET_INFO.equals(type);
    }

    /** Handles {@code message}, decoded and stamped, under {@code span}. */
    private void dispatch(Member from, Message message, TraceSpan span, Where where) {
        if (!access.permits(from.connection(), message) || pending.complete(from, message) || remoteAwaits.forward(from, message)) {
            return;
        }
        Handler direct = directHandlers.get(message.type());
        Handler handler = direct != null ? direct : channelHandlers.get(message.type());
        if (handler == null) {
            if (!answerReserved(from, message)) {
                noHandler(from, message);
            }
            return;
        }
        ReplyRoute registered = direct != null ? ReplyRoute.SENDER : ReplyRoute.CHANNEL;
        HandlerContext context = Replies.withRoute(from.context(), registered);
        AsyncReplies.Holder async = null;
        if (asyncTypes.contains(message.type())) {
            async = new AsyncReplies.Holder();
            context = AsyncReplies.withHolder(context, async);
        }
        Optional<Message> reply;
        try {
            reply = handler.handle(context, message);
        } catch (Exception | LinkageError | AssertionError e) {
            span.failed(e);
            sendError(from, message, e);
            return;
        }
        CompletableFuture<Optional<Message>> later = async == null ? null : AsyncReplies.bounded(async);
        if (later != null) {
            awaitReply(from, message, context, registered, async, later, where);
            return;
        }
        if (reply == null || reply.isEmpty()) {
            return;
        }
        route(from, message, reply.get(), Replies.route(context).orElse(registered), span);
    }

    /**
     * An async handler's stage: its reply is routed when it completes, and the connection's later frames
     * wait for it (replies keep the order of requests). On a thread that may block the wait is here,
     * bounded by the stage's deadline; elsewhere (event loop, lane) nothing waits: the lane is
     * {@linkplain HandlerLane#hold() held}, later frames queue on it, and the completion resumes it on a
     * worker, where the reply is routed.
     */
    private void awaitReply(Member from, Message message, HandlerContext context, ReplyRoute registered,
                            AsyncReplies.Holder async, CompletableFuture<Optional<Message>> later, Where where) {
        if (where == Where.MAY_BLOCK || later.isDone()) {
            try {
                later.join(); // bounded: the stage fails with a TimeoutException at its deadline
            } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
                // finishReply reports it
            }
            finishReply(from, message, context, registered, async, later);
            return;
        }
        HandlerLane lane = lanes.laneOf(from.connection());
        lane.hold();
        Runnable finish = lanes.guarded(from.connection(), () -> finishReply(from, message, context, registered, async, later));
        later.whenComplete((r, e) -> lane.resume(finish));
    }

    /** Routes the reply of a completed stage, or sends the sender its failure (a late one is {@code "504"}). */
    private void finishReply(Member from, Message message, HandlerContext context, ReplyRoute registered,
                             AsyncReplies.Holder async, CompletableFuture<Optional<Message>> done) {
        Optional<Message> reply;
        try {
            reply = done.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                context.cancel();
                cause = new dev.channels.api.middleware.HandlerTimeoutException(message.type(), async.bound);
            }
            sendError(from, message, cause);
            return;
        }
        if (reply != null && reply.isPresent()) {
            route(from, message, reply.get(), Replies.route(context).orElse(registered), TraceSpan.NONE);
        }
    }

    /**
     * The protocol's reserved types that the server answers itself (no application handler can be
     * registered for them): {@code get.info} gets its {@code info} reply, {@code get.history} its
     * {@code history} reply ({@link HistoryQueries}). Returns whether
     * {@code message} was answered; anything else falls through to {@link #noHandler}.
     */
    private boolean answerReserved(Member from, Message message) {
        if (MessageTypes.GET_INFO.equals(message.type())) {
            answerInfo(from, message);
            return true;
        }
        if (MessageTypes.GET_HISTORY.equals(message.type())) {
            history.answer(from, message); // docs/protocol.md "History query"; the logic is in HistoryQueries
            return true;
        }
        return false;
    }

    /**
     * The fallback after every handler and reserved type: an error envelope {@code "404"} ("no handler
     * for type X"), or, when the server was built with {@code answerUnknownTypes(false)}, the seed's
     * silence.
     */
    private void noHandler(Member from, Message message) {
        counters.unknownTypes.increment();
        LOG.log(Level.DEBUG, "no handler for type ''{0}'' from {1}{2}", message.type(), from,
                answerUnknownTypes ? ": answered 404" : ": ignored");
        if (answerUnknownTypes) {
            String type = message.type().length() <= MAX_TYPE_IN_ANSWER ? message.type()
                    : message.type().substring(0, MAX_TYPE_IN_ANSWER) + "...";
            from.writer().send(EnvelopeCodec.encode(message.toError(ErrorDetail.noHandler(type))));
        }
    }

    /**
     * Sends {@code out}, the reply to {@code message}, by {@code route}. A channel reply that reaches
     * nobody (its channel does not exist) gets the sender a {@link ChannelNotFoundException} error.
     */
    private void route(Member from, Message message, Message out, ReplyRoute route, TraceSpan span) {
        if (route == ReplyRoute.SENDER) {
            String to = out.clientId().isEmpty() ? from.clientId() : out.clientId();
            try {
                if (!fanout.toClient(to, out)) {
                    LOG.log(Level.DEBUG, "direct reply to {0} not delivered: no such client", to);
                }
            } catch (EngineUnavailableException e) {
                span.failed(e);
                sendUnavailable(from, message, e);
            }
            return;
        }
        String channel = out.channelId().isEmpty() ? from.channelId() : out.channelId();
        try {
            if (fanout.toChannel(channel, out) == 0) {
                span.failed("channel not found");
                sendError(from, message, new ChannelNotFoundException(channel));
            }
        } catch (EngineUnavailableException e) {
            LOG.log(Level.WARNING, "channel reply to {0} not published: {1}", channel, e.getMessage());
            span.failed(e);
            sendUnavailable(from, message, e);
        }
    }

    /**
     * {@code get.info}: a direct {@code info} reply with one page of the channel's members, body
     * {@code {"channelId","count","members":[{"clientId","userId"}],"next"}} ({@code next} only when more
     * follow); the request's optional body {@code {"limit":N,"after":"<next of the previous page>"}}
     * picks the page, at most {@link #maxMembersPerInfo} members whatever it asks (docs/protocol.md
     * "Presence"). One page costs the same however large the channel, so a flood of them cannot take
     * the server's threads from other connections. With {@code {"countOnly":true}} the reply has the
     * count and no {@code members} (the engine counts; nothing is listed): what a big room's header needs.
     */
    private void answerInfo(Member from, Message request) {
        int limit = maxMembersPerInfo;
        String after = "";
        boolean countOnly = false;
        try {
            if (request.hasBody()) {
                if (request.body().getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IllegalArgumentException("the get.info body must be an object {\"limit\":N,\"after\":\"cursor\"}");
                }
                JsonObject body = request.body().asJsonObject();
                JsonValue askedLimit = body.get("limit");
                if (askedLimit != null && askedLimit.getValueType() != JsonValue.ValueType.NULL) {
                    if (!(askedLimit instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1) {
                        throw new IllegalArgumentException("limit must be a positive integer");
                    }
                    limit = (int) Math.min(maxMembersPerInfo, n.longValue());
                }
                JsonValue cursor = body.get("after");
                if (cursor != null && cursor.getValueType() != JsonValue.ValueType.NULL) {
                    if (!(cursor instanceof JsonString text)) {
                        throw new IllegalArgumentException("after must be the string a previous info reply gave as next");
                    }
                    after = text.getString();
                }
                JsonValue onlyCount = body.get("countOnly");
                if (onlyCount != null && onlyCount.getValueType() != JsonValue.ValueType.NULL) {
                    if (onlyCount.getValueType() != JsonValue.ValueType.TRUE && onlyCount.getValueType() != JsonValue.ValueType.FALSE) {
                        throw new IllegalArgumentException("countOnly must be true or false");
                    }
                    countOnly = onlyCount.getValueType() == JsonValue.ValueType.TRUE;
                }
            }
        } catch (IllegalArgumentException | jakarta.json.JsonException | ClassCastException e) {
            from.writer().send(EnvelopeCodec.encode(request.toError(ErrorDetail.badRequest(e.getMessage()))));
            return;
        }
        if (countOnly) {
            answerCount(from, request);
            return;
        }
        PresencePage page;
        try {
            page = calls.await(engine.presence().page(from.channelId(), after, limit));
        } catch (EngineUnavailableException e) {
            sendUnavailable(from, request, e);
            return;
        } catch (IllegalArgumentException e) { // a cursor the engine did not make
            from.writer().send(EnvelopeCodec.encode(request.toError(ErrorDetail.badRequest(e.getMessage()))));
            return;
        }
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (PresenceInfo m : page.members()) {
            list.add(JSON.createObjectBuilder().add("clientId", m.clientId()).add("userId", m.userId()));
        }
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("channelId", from.channelId())
                .add("count", page.count())
                .add("members", list);
        if (page.hasNext()) {
            body.add("next", page.next());
        }
        Message info = request.newFrom(MessageTypes.INFO).toBuilder().body(body.build()).build();
        from.outbox().send(EnvelopeCodec.encode(info));
    }

    /** {@code get.info} {@code {"countOnly":true}}: {@code info} {@code {"channelId","count"}}, no member list. */
    private void answerCount(Member from, Message request) {
        int count;
        try {
            count = calls.await(engine.presence().count(from.channelId()));
        } catch (EngineUnavailableException e) {
            sendUnavailable(from, request, e);
            return;
        }
        JsonObjectBuilder body = JSON.createObjectBuilder().add("channelId", from.channelId()).add("count", count);
        from.outbox().send(EnvelopeCodec.encode(request.newFrom(MessageTypes.INFO).toBuilder().body(body.build()).build()));
    }

    private void sendUnavailable(Member to, Message failed, EngineUnavailableException e) {
        ErrorMessage error = failed.toError(new ErrorDetail("service unavailable", e.getMessage(), "503"));
        to.writer().send(EnvelopeCodec.encode(error));
    }

    /**
     * Logs {@code error} under a fresh error id and sends the sender the error handler's envelope
     * with that id in its {@link ChannelHeaders#ERROR_ID} header. A failure the handler chose
     * ({@link ErrorReplyException}) is logged at DEBUG, a body that did not bind at INFO, anything
     * else at WARNING with its stack trace: the client sees no exception text by default, so the log
     * is where the cause is.
     */
    private void sendError(Member to, Message failed, Throwable error) {
        counters.handlerFailures.increment();
        String errorId = UUID.randomUUID().toString();
        if (error instanceof ErrorReplyException) {
            LOG.log(Level.DEBUG, "handler for ''{0}'' answered an error to {1} [error id {2}]: {3}",
                    failed.type(), to, errorId, error.getMessage());
        } else if (error instanceof BodyBindException) {
            LOG.log(Level.INFO, "handler for ''{0}'' could not bind the body from {1} [error id {2}]: {3}",
                    failed.type(), to, errorId, error.getMessage());
        } else {
            LOG.log(Level.WARNING, "handler for '" + failed.type() + "' failed for " + to + " [error id " + errorId + "]", error);
        }
        ErrorMessage reply;
        try {
            reply = errorHandler.handle(failed, error, errorId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "server error handler failed; sending the default error [error id " + errorId + "]", e);
            reply = ServerErrorHandler.DEFAULT.handle(failed, error, errorId);
        }
        if (reply != null) {
            Map<String, List<String>> headers = new LinkedHashMap<>(reply.headers());
            headers.put(ChannelHeaders.ERROR_ID, List.of(errorId));
            reply = new ErrorMessage(reply.correlationId(), reply.appId(), reply.userId(), reply.originType(),
                    reply.originBody(), reply.errorBody(), reply.channelId(), reply.clientId(), headers);
            to.writer().send(EnvelopeCodec.encode(reply));
        }
    }
}
