package dev.channels.bench.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * A raw ceiling endpoint on path {@code /.../{channel}}: a session is a member of its channel in the
 * {@link RawChannelRegistry} from its open until its close or error, and is greeted with one
 * {@link #JOINED} frame once its handler is in place, so the driver waits for joins exactly as it does
 * with {@code join.success}. Subclasses say what a frame does ({@link #handle}). Public because Tyrus calls
 * the endpoint's methods by reflection.
 */
public abstract class RawChannelEndpoint extends Endpoint {

    static final String JOINED = "{\"type\":\"joined\"}";

    final RawChannelRegistry registry;

    RawChannelEndpoint(RawChannelRegistry registry) {
        this.registry = registry;
    }

    /** Installs {@code session}'s message handler for its {@code channel}. */
    abstract void handle(Session session, String channel);

    @Override
    public final void onOpen(Session session, EndpointConfig config) {
        String channel = channel(session);
        registry.join(channel, session);
        handle(session, channel);
        session.getAsyncRemote().sendText(JOINED);
    }

    @Override
    public final void onClose(Session session, CloseReason closeReason) {
        registry.leave(channel(session), session);
    }

    @Override
    public final void onError(Session session, Throwable thr) {
        registry.leave(channel(session), session);
    }

    private static String channel(Session session) {
        return session.getPathParameters().get("channel");
    }
}
