package dev.channels.bench.server;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The request-reply ceiling: sends every text frame straight back to its sender, undecoded.
 * Path {@code /raw-echo/{channel}}; greets with the same {@code joined} frame as
 * {@link RawBroadcastEndpoint} ({@link RawChannelEndpoint}). Threads: Tyrus calls a session's handler
 * one frame at a time.
 */
public final class RawEchoEndpoint extends RawChannelEndpoint {

    RawEchoEndpoint(RawChannelRegistry registry) {
        super(registry);
    }

    @Override
    void handle(Session session, String channel) {
        session.addMessageHandler(String.class,
                (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
    }
}
