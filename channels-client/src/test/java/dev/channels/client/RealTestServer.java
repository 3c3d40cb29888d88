package dev.channels.client;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorReplyException;
import dev.channels.api.Message;
import dev.channels.server.ChannelServer;
import dev.channels.testing.TestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@link TestServer} backed by the project's own {@link ChannelServer} on {@link TestRunner#current()}
 * (the portable runner): {@code echo} and {@code fail} are direct handlers, {@code chat} a channel handler,
 * {@code answer} and {@code nobody-answers} record and reply nothing. Joins whose {@code X-Token}
 * header is {@code bad} are refused by the server's handshake check.
 */
final class RealTestServer implements TestServer {

    private final Queue<Message> received = new ConcurrentLinkedQueue<>();
    private final ChannelServer server;
    private final TestRunner.Running running;

    RealTestServer(int port) {
        server = ChannelServer.builder()
                .use(next -> (ctx, msg) -> {
                    received.add(msg);
                    return next.handle(ctx, msg);
                })
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withRawBody(msg.rawBody())))
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withRawBody(msg.rawBody())))
                .directHandler("fail", (ctx, msg) -> {
                    throw new ErrorReplyException(ErrorDetail.unexpected("failed on purpose"));
                })
                .directHandler("answer", (ctx, msg) -> msg.noContent())
                .directHandler("nobody-answers", (ctx, msg) -> msg.noContent())
                .handshakeCheck(h -> h.header("X-Token").filter("bad"::equals).map(t -> "bad token"))
                .build();
        try {
            running = TestRunner.current().start(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChannelServer channelServer() {
        return server;
    }

    @Override
    public URI base() {
        return URI.create("ws://localhost:" + running.port() + server.options().basePath());
    }

    @Override
    public URI refusingBase() {
        return URI.create("ws://localhost:" + running.port() + "/no-such-path");
    }

    @Override
    public int port() {
        return running.port();
    }

    @Override
    public void broadcast(Message message) {
        server.broadcast(message.channelId(), message);
    }

    @Override
    public void closeChannel(String channelId) {
        server.closeChannel(channelId);
    }

    @Override
    public void closeNormally(String channelId) {
        throw new UnsupportedOperationException("the channel server has no plain close without a message");
    }

    @Override
    public List<String> clientIds(String channelId) {
        return List.copyOf(server.members(channelId));
    }

    @Override
    public List<Message> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        running.close();
    }
}
