package dev.channels.server;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
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
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.util.List;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;

/**
 * Handles one inbound text frame (docs/protocol.md "Server behaviour" 2 to 5 and 8): decode, stamp
 * {@code clientID} and {@code channelId} from the connection, complete a broadcast-and-await,
 * otherwise run the direct or channel handler (already wrapped in the middleware chain) and route
 * its reply or its error. The reply's {@link ReplyRoute} starts as the registration's (direct:
 * sender, channel: the whole channel) and is whatever the handler or a middleware chose through
 * {@link Replies} when the chain returns; routing happens after the chain, so middleware sees every
 * reply. {@code get.info} is answered here, before the handler lookup, with a direct {@code info}
 * reply listing the channel's members on every node (PROTOCOL.md "Presence"). A channel reply the
 * engine cannot publish gets the sender an error envelope with {@code errCode} {@code "503"}.
 * Runs on the container thread that read the frame, so one connection's messages are handled
 * one at a time, in order; the route of a message lives in that message's own context. Stateless apart from its immutable handler maps.
 */
final class MessageDispatcher {

    private static final System.Logger LOG = System.getLogger(MessageDispatcher.class.getName());

    private final Map<String, Handler> directHandlers;
    private final Map<String, Handler> channelHandlers;
    private final ServerErrorHandler errorHandler;
    private final PendingReplies pending;
    private final Fanout fanout;
    private final ChannelEngine engine;
    private final EngineCalls calls;
    private final RemoteAwaits remoteAwaits;

    MessageDispatcher(Map<String, Handler> directHandlers, Map<String, Handler> channelHandlers,
                      ServerErrorHandler errorHandler, PendingReplies pending, Fanout fanout,
                      ChannelEngine engine, EngineCalls calls, RemoteAwaits remoteAwaits) {
        this.directHandlers = Map.copyOf(directHandlers);
        this.channelHandlers = Map.copyOf(channelHandlers);
        this.errorHandler = errorHandler;
        this.pending = pending;
        this.fanout = fanout;
        this.engine = engine;
        this.calls = calls;
        this.remoteAwaits = remoteAwaits;
    }

    void onText(Connection from, String text) {
        Message message;
        try {
            message = EnvelopeCodec.decodeMessage(text).toBuilder()
                    .clientId(from.clientId())
                    .channelId(from.channelId())
                    .build();
        } catch (MalformedFrameException e) {
            LOG.log(Level.DEBUG, "{0} sent a malformed frame: {1}", from, e.getMessage());
            ErrorMessage error = new ErrorMessage("", "", "", "", Json.createValue(text),
                    ErrorDetail.badRequest(e.getMessage()).toJson(), from.channelId(), from.clientId(), Map.of());
            from.writer().send(EnvelopeCodec.encode(error));
            return;
        }
        if (pending.complete(from, message) || remoteAwaits.forward(from, message)) {
            return;
        }
        if (MessageTypes.GET_INFO.equals(message.type())) {
            answerInfo(from, message);
            return;
        }
        Handler direct = directHandlers.get(message.type());
        Handler handler = direct != null ? direct : channelHandlers.get(message.type());
        if (handler == null) {
            LOG.log(Level.DEBUG, "no handler for type ''{0}'' from {1}: ignored", message.type(), from);
            return;
        }
        ReplyRoute registered = direct != null ? ReplyRoute.SENDER : ReplyRoute.CHANNEL;
        HandlerContext context = Replies.withRoute(from.context(), registered);
        Optional<Message> reply;
        try {
            reply = handler.handle(context, message);
        } catch (Exception | LinkageError | AssertionError e) {
            sendError(from, message, e);
            return;
        }
        if (reply == null || reply.isEmpty()) {
            return;
        }
        route(from, message, reply.get(), Replies.route(context).orElse(registered));
    }

    /**
     * Sends {@code out}, the reply to {@code message}, by {@code route}. A channel reply that reaches
     * nobody (its channel does not exist) gets the sender a {@link ChannelNotFoundException} error.
     */
    private void route(Connection from, Message message, Message out, ReplyRoute route) {
        if (route == ReplyRoute.SENDER) {
            String to = out.clientId().isEmpty() ? from.clientId() : out.clientId();
            try {
                if (!fanout.toClient(to, out)) {
                    LOG.log(Level.DEBUG, "direct reply to {0} not delivered: no such client", to);
                }
            } catch (EngineUnavailableException e) {
                sendUnavailable(from, message, e);
            }
            return;
        }
        String channel = out.channelId().isEmpty() ? from.channelId() : out.channelId();
        try {
            if (fanout.toChannel(channel, out) == 0) {
                sendError(from, message, new ChannelNotFoundException(channel));
            }
        } catch (EngineUnavailableException e) {
            LOG.log(Level.WARNING, "channel reply to {0} not published: {1}", channel, e.getMessage());
            sendUnavailable(from, message, e);
        }
    }

    /** {@code get.info}: a direct {@code info} reply, body {@code {"channelId","count","members":[{"clientId","userId"}]}}. */
    private void answerInfo(Connection from, Message request) {
        List<PresenceInfo> members;
        try {
            members = calls.await(engine.presence().list(from.channelId()));
        } catch (EngineUnavailableException e) {
            sendUnavailable(from, request, e);
            return;
        }
        JsonArrayBuilder list = Json.createArrayBuilder();
        members.forEach(m -> list.add(Json.createObjectBuilder().add("clientId", m.clientId()).add("userId", m.userId())));
        Message info = request.newFrom(MessageTypes.INFO).toBuilder()
                .body(Json.createObjectBuilder()
                        .add("channelId", from.channelId())
                        .add("count", members.size())
                        .add("members", list)
                        .build())
                .build();
        from.outbox().send(EnvelopeCodec.encode(info));
    }

    private void sendUnavailable(Connection to, Message failed, EngineUnavailableException e) {
        ErrorMessage error = failed.toError(new ErrorDetail("service unavailable", e.getMessage(), "503"));
        to.writer().send(EnvelopeCodec.encode(error));
    }

    private void sendError(Connection to, Message failed, Throwable error) {
        LOG.log(Level.DEBUG, "handler for ''" + failed.type() + "'' failed for " + to, error);
        ErrorMessage reply;
        try {
            reply = errorHandler.handle(failed, error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "server error handler failed; sending the default error", e);
            reply = ServerErrorHandler.DEFAULT.handle(failed, error);
        }
        if (reply != null) {
            to.writer().send(EnvelopeCodec.encode(reply));
        }
    }
}
