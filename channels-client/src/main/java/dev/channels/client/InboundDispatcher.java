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
 *   <li>{@code join.success} completes the join; {@code channel.expired}/{@code channel.closed} mark
 *       the channel as ended by the server (no reconnect);</li>
 *   <li>a message whose correlation id a request-reply awaits completes that waiter and stops;</li>
 *   <li>otherwise the listener for its type runs behind the middleware; its reply goes back on the
 *       same connection; a failure goes to the {@link ClientErrorHandler}.</li>
 * </ol>
 * Nothing here closes the connection. Immutable after construction.
 */
final class InboundDispatcher {

    private static final System.Logger LOG = System.getLogger(InboundDispatcher.class.getName());

    private final Map<String, Handler> listeners;
    private final ServerErrorMessageHandler serverErrors;
    private final ClientErrorHandler clientErrors;

    /** {@code listeners} are already wrapped in the middleware chain. */
    InboundDispatcher(Map<String, Handler> listeners, ServerErrorMessageHandler serverErrors,
                      ClientErrorHandler clientErrors) {
        this.listeners = Map.copyOf(listeners);
        this.serverErrors = serverErrors;
        this.clientErrors = clientErrors;
    }

    void dispatch(ChannelConnection connection, Link link, String text) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(text);
        } catch (MalformedFrameException e) {
            LOG.log(Level.WARNING, "dropped an unreadable frame on channel {0}: {1}", connection.channelId(), e.getMessage());
            return;
        }
        if (envelope instanceof ErrorMessage error) {
            onError(connection, error);
            return;
        }
        Message message = (Message) envelope;
        connection.stream().observe(message);
        switch (message.type()) {
            case MessageTypes.JOIN_SUCCESS -> link.joined.complete(message);
            case MessageTypes.CHANNEL_EXPIRED, MessageTypes.CHANNEL_CLOSED -> connection.markEndedByServer();
            default -> {
                if (!message.correlationId().isEmpty()
                        && connection.replies().complete(message.correlationId(), message)) {
                    return;
                }
            }
        }
        Handler listener = listeners.get(message.type());
        if (listener != null) {
            runListener(connection, link, listener, message);
        }
    }

    private void onError(ChannelConnection connection, ErrorMessage error) {
        if (!error.correlationId().isEmpty()
                && connection.replies().fail(error.correlationId(), new ServerErrorReplyException(error))) {
            return;
        }
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
            try {
                clientErrors.handle(message, e);
            } catch (RuntimeException handlerFailure) {
                LOG.log(Level.WARNING, "the client-error handler failed", handlerFailure);
            }
        }
    }
}
