package dev.channels.bench.server;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The ceiling: the least a Jakarta WebSocket server can do for a fan-out. It sends every text
 * frame it receives, unchanged and without decoding it (so "pre-encoded"), to every session of the
 * same channel with {@code getAsyncRemote().sendText}, and greets a new session with one
 * {@code joined} frame ({@link RawChannelEndpoint}).
 *
 * <p>Path {@code /raw/{channel}}. Threads: Tyrus calls each session's handlers one at a time; the
 * broadcast runs on the sender's read thread and only hands frames to Tyrus's asynchronous writer.
 */
public final class RawBroadcastEndpoint extends RawChannelEndpoint {

    RawBroadcastEndpoint(RawChannelRegistry registry) {
        super(registry);
    }

    @Override
    void handle(Session session, String channel) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            for (Session member : registry.members(channel)) {
                if (member.isOpen()) {
                    try {
                        member.getAsyncRemote().sendText(text);
                    } catch (RuntimeException closing) {
                        // The member closed between isOpen() and the send (a churner leaving): Tyrus throws
                        // "Socket is not connected". Skip it, as the channels server skips a closing member. Left to
                        // escape, the exception would end this broadcast for the members after it and reach the
                        // SENDER's onError, which takes the sender out of its channel while it stays connected (the
                        // churn smoke test's rare raw "stable members lost" under load).
                    }
                }
            }
        });
    }
}
