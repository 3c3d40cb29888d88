package dev.channels.client;

import dev.channels.api.ClientErrorHandler;
import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.ServerErrorMessageHandler;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;

/**
 * Routes each frame from a server, on the reader thread of its connection (so one channel's
 * messages are handled one at a time, in order):
 * <ol>
 *   <li>an error envelope completes the request-reply waiter with its correlation id, otherwise goes
 *       to the {@link ServerErrorMessageHandler};</li>
 *   <li>{@code join.success} completes the join (or fails it when it names another channel or has
 *       no clientID); {@code channel.expired}/{@code channel.closed} (ignored when they name
 *       another channel) mark
 *       the channel as ended by the server (no reconnect);</li>
 *   <li>a message whose correlation id a request-reply awaits completes that waiter and stops;</li>
 *   <li>a presence event ({@code presence.joined}, {@code presence.left}, {@code presence.diff}) goes to
 *       the {@link PresenceListener}s first;</li>
 *   <li>otherwise (and after presence listeners) the listener for its type runs behind the middleware; its reply goes back on the
 *       same connection; a failure goes to the {@link ClientErrorHandler}.</li>
 * </ol>
 * Nothing here closes the connection. Immutable after construction.
 */
final class InboundDispatcher {

    private static final System.Logger LOG = System.getLogger(InboundDispatcher.class.getName());

    private final Map<String, Handler> listeners;
    private final ServerErrorMessageHandler serverErrors;
    private final ClientErrorHandler clientErrors;
    private final PresenceEvents presence;

    /** {@code listeners} are already wrapped in the middleware chain. */
    InboundDispatcher(Map<String, Handler> listeners, ServerErrorMessageHandler serverErrors,
                      ClientErrorHandler clientErrors, PresenceEvents presence) {
        this.listeners = Map.copyOf(listeners);
        this.serverErrors = serverErrors;
        this.clientErrors = clientErrors;
        this.presence = presence;
    }

    void dispatch(ChannelConnection connection, Link link, String text) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(text);
        } catch (MalformedFrameException e) {
            LOG.log(Level.WARNING, "dropped an unreadable frame on channel {0}: {1}", connection.channelId(), e.getMessage());
            return;
        }
        dispatch(connection, link, envelope);
    }

    /**
     * As {@link #dispatch(ChannelConnection, Link, String)} for a frame already decoded: a
     * {@link SessionConnection} decodes to route by {@code channelId}, then hands each frame of a joined
     * channel here (its {@code join.success} it handles itself).
     */
    void dispatch(ChannelConnection connection, Link link, Envelope envelope) {
        if (envelope instanceof ErrorMessage error) {
            onError(connection, error);
            return;
        }
        Message message = (Message) envelope;
        connection.stream().observe(message);
        switch (message.type()) {
            case MessageTypes.JOIN_SUCCESS -> {
                String problem = joinProblem(connection, message);
                if (problem != null) {
                    LOG.log(Level.WARNING, "refused a join.success on channel {0}: {1}", connection.channelId(), problem);
                    link.joined.completeExceptionally(new InvalidJoinException(problem));
                    return;
                }
                link.joined.complete(message);
            }
            case MessageTypes.CHANNEL_EXPIRED, MessageTypes.CHANNEL_CLOSED -> {
                if (!message.channelId().isEmpty() && !message.channelId().equals(connection.channelId())) {
                    LOG.log(Level.WARNING, "ignored {0} for channel ''{1}'' on the connection of channel {2}",
                            message.type(), shorten(message.channelId()), connection.channelId());
                    return; // not this connection's channel: it does not end it
                }
                connection.markEndedByServer();
            }
            default -> {
                if (!message.correlationId().isEmpty()
                        && connection.replies().complete(message.correlationId(), message)) {
                    return;
                }
                if (!presence.isEmpty() && PresenceEvents.isPresence(message.type())) {
                    presence.tell(connection, message, this::clientError);
                }
            }
        }
        Handler listener = listeners.get(message.type());
        if (listener != null) {
            runListener(connection, link, listener, message);
        }
    }

    /** Runs the listener for {@code message}'s type, if any (a session's {@code join.success}, which it handles itself). */
    void listen(ChannelConnection connection, Link link, Message message) {
        Handler listener = listeners.get(message.type());
        if (listener != null) {
            runListener(connection, link, listener, message);
        }
    }

    /**
     * Why {@code join} cannot be this connection's {@code join.success}, or null when it can: it must
     * name the channel joined (an empty channelId, which the seed never sends but a minimal server
     * might, is taken as this channel) and carry a clientID.
     */
    private static String joinProblem(ChannelConnection connection, Message join) {
        if (!join.channelId().isEmpty() && !join.channelId().equals(connection.channelId())) {
            return "join.success is for channel '" + shorten(join.channelId()) + "', not '" + connection.channelId() + "'";
        }
        if (join.clientId().isBlank()) {
            return "join.success carries no clientID";
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    private void onError(ChannelConnection connection, ErrorMessage error) {
        if (!error.correlationId().isEmpty()
                && connection.replies().fail(error.correlationId(), new ServerErrorReplyException(error))) {
            return;
        }
        serverError(error);
    }

    /** Hands {@code error} to the {@link ServerErrorMessageHandler} (an error for no channel of a session, too). */
    void serverError(ErrorMessage error) {
        try {
            serverErrors.handle(error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the server-error handler failed", e);
        }
    }

    private void runListener(ChannelConnection connection, Link link, Handler listener, Message message) {
        HandlerContext ctx = HandlerContext.of(connection.clientId(), connection.channelId(),
                connection.handshakeHeaders(), connection.queryParameters(), null);
        try {
            Optional<Message> reply = listener.handle(ctx, message);
            if (reply != null && reply.isPresent()) {
                Message r = reply.get();
                connection.send(r.channelId().isEmpty() ? r.withChannelId(connection.channelId()) : r);
            }
        } catch (Exception | LinkageError | AssertionError e) {
            clientError(message, e);
        }
    }

    /** Hands a listener's failure on {@code message} to the {@link ClientErrorHandler}. */
    private void clientError(Message message, Throwable e) {
        try {
            clientErrors.handle(message, e);
        } catch (RuntimeException handlerFailure) {
            LOG.log(Level.WARNING, "the client-error handler failed", handlerFailure);
        }
    }
}
