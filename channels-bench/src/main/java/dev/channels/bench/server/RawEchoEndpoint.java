package dev.channels.bench.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The request-reply ceiling: sends every text frame straight back to its sender, undecoded.
 * Path {@code /raw-echo/{channel}}; greets with the same {@code joined} frame as
 * {@link RawBroadcastEndpoint}. Threads: Tyrus calls a session's handler one frame at a time.
 */
public final class RawEchoEndpoint extends Endpoint {

    private final RawChannelRegistry registry;

    RawEchoEndpoint(RawChannelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        registry.join(session.getPathParameters().get("channel"), session);
        session.addMessageHandler(String.class,
                (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
        session.getAsyncRemote().sendText(RawBroadcastEndpoint.JOINED);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        registry.leave(session.getPathParameters().get("channel"), session);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        registry.leave(session.getPathParameters().get("channel"), session);
    }
}
