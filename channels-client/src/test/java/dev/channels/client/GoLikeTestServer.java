package dev.channels.client;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/** {@link TestServer} backed by the {@link GoLikeServer}. */
final class GoLikeTestServer implements TestServer {

    private final GoLikeServer server;

    GoLikeTestServer(int port) {
        GoLikeServer.RECEIVED.clear();
        this.server = GoLikeServer.start(port);
    }

    @Override
    public URI base() {
        return server.base();
    }

    @Override
    public URI refusingBase() {
        return URI.create("ws://localhost:" + server.port() + "/no-such-path");
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void broadcast(Message message) {
        GoLikeServer.broadcast(message);
    }

    @Override
    public void closeChannel(String channelId) {
        GoLikeServer.endChannel(channelId, MessageTypes.CHANNEL_CLOSED);
    }

    @Override
    public void closeNormally(String channelId) {
        for (Session s : GoLikeServer.members(channelId)) {
            try {
                s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public List<String> clientIds(String channelId) {
        return GoLikeServer.clientIds(channelId);
    }

    @Override
    public List<Message> received() {
        return List.copyOf(GoLikeServer.RECEIVED);
    }

    @Override
    public void close() {
        server.close();
    }
}
