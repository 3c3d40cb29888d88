package dev.channels.client;

import dev.channels.testkit.TyrusTestServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * A raw WebSocket server at {@code /ws/{channel}} that does whatever a test scripts on open (send a
 * bad join.success, random frames), records what clients send and how they close, and lets the test
 * send any text on the last session. Real Tyrus, real sockets; no channels server code.
 */
final class HostileServer implements AutoCloseable {

    private final TyrusTestServer server;
    private volatile BiConsumer<Session, String> onOpen;
    final Queue<String> received = new ConcurrentLinkedQueue<>();
    volatile CompletableFuture<CloseReason> lastClose = new CompletableFuture<>();
    volatile Session last;

    HostileServer(BiConsumer<Session, String> onOpen) throws Exception {
        this.onOpen = onOpen;
        this.server = TyrusTestServer.start(ServerEndpointConfig.Builder.create(Hostile.class, "/ws/{channel}")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new Hostile());
                    }
                }).build());
    }

    URI base() {
        return URI.create(server.uri("/ws"));
    }

    void onOpen(BiConsumer<Session, String> script) {
        this.onOpen = script;
    }

    /** Sends {@code text} on the last session, blocking until written. */
    void send(String text) throws IOException {
        Session s = last;
        synchronized (this) {
            s.getBasicRemote().sendText(text);
        }
    }

    static void sendQuietly(Session s, String text) {
        try {
            s.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** The endpoint, one per connection (public: Tyrus does not call a private endpoint class). */
    public final class Hostile extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            last = session;
            lastClose = new CompletableFuture<>();
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            String path = session.getRequestURI().getPath();
            HostileServer.this.onOpen.accept(session, path.substring(path.lastIndexOf('/') + 1));
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (session == last) {
                lastClose.complete(reason);
            }
        }
    }
}
