package dev.channels.bench.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The ceiling: the least a Jakarta WebSocket server can do for a fan-out. It sends every text
 * frame it receives, unchanged and without decoding it (so "pre-encoded"), to every session of the
 * same channel with {@code getAsyncRemote().sendText}, and greets a new session with one
 * {@code joined} frame so the driver can wait for joins exactly as it does with {@code join.success}.
 *
 * <p>Path {@code /raw/{channel}}. Threads: Tyrus calls each session's handlers one at a time; the
 * broadcast runs on the sender's read thread and only hands frames to Tyrus's asynchronous writer.
 */
public final class RawBroadcastEndpoint extends Endpoint {

    static final String JOINED = "{\"type\":\"joined\"}";

    private final RawChannelRegistry registry;

    RawBroadcastEndpoint(RawChannelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String channel = session.getPathParameters().get("channel");
        registry.join(channel, session);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            for (Session member : registry.members(channel)) {
                if (member.isOpen()) {
                    member.getAsyncRemote().sendText(text);
                }
            }
        });
        session.getAsyncRemote().sendText(JOINED);
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
