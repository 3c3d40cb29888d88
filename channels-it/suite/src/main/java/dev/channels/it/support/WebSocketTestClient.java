package dev.channels.it.support;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real WebSocket connection from the test JVM (Tyrus client on Grizzly) that records what the
 * server sends: text frames in arrival order, the close frame, and transport errors.
 *
 * <p>Threading: Tyrus delivers frames and the close on its own threads into the thread-safe
 * {@link #texts} queue and {@link #closed} future; the test thread reads them. The queue is bounded:
 * a test that lets more than {@value #MAX_BUFFERED_TEXTS} frames pile up unread fails loudly.
 */
public final class WebSocketTestClient implements AutoCloseable {

    private static final int MAX_BUFFERED_TEXTS = 1024;
    private static final ClientManager CLIENT = ClientManager.createClient(GrizzlyClientContainer.class.getName());

    private final BlockingQueue<String> texts = new ArrayBlockingQueue<>(MAX_BUFFERED_TEXTS);
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<Throwable> error = new CompletableFuture<>();
    private final Session session;

    private WebSocketTestClient(URI uri, Map<String, List<String>> headers) throws IOException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        request.putAll(headers);
                    }
                })
                .build();
        try {
            session = CLIENT.connectToServer(new Recorder(), config, uri);
        } catch (DeploymentException e) {
            throw new IOException("WebSocket handshake with " + uri + " failed", e);
        }
    }

    /** Opens a connection to {@code uri}; throws if the upgrade fails. */
    public static WebSocketTestClient connect(URI uri) throws IOException {
        return new WebSocketTestClient(uri, Map.of());
    }

    /** Opens a connection to {@code uri} with extra handshake {@code headers} (e.g. {@code Authorization}); throws if the upgrade fails. */
    public static WebSocketTestClient connect(URI uri, Map<String, List<String>> headers) throws IOException {
        return new WebSocketTestClient(uri, Map.copyOf(headers));
    }

    /** Sends one whole text frame and returns once it was written. */
    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /**
     * Sends one whole text frame that the server is expected to refuse by closing the connection,
     * possibly while the frame is still being written. A send that fails is tolerated only if the
     * server's close arrives within {@code timeout}; otherwise the failure is rethrown.
     */
    public void sendExpectingClose(String text, Duration timeout) throws IOException, InterruptedException {
        try {
            send(text);
        } catch (IOException | RuntimeException e) {
            try {
                closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException notClosed) {
                e.addSuppressed(notClosed);
                throw e;
            }
        }
    }

    /** The next text frame from the server; fails if none arrives within {@code timeout}. */
    public String nextText(Duration timeout) throws InterruptedException {
        String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("no text frame within " + timeout + "; closed: " + closeDescription()
                    + "; error: " + error.getNow(null));
        }
        return text;
    }

    /** The close frame the server sent (or the local close); fails if the connection is still open after {@code timeout}. */
    public CloseReason awaitClose(Duration timeout) throws InterruptedException {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection still open after " + timeout + "; error: " + error.getNow(null), e);
        } catch (ExecutionException e) {
            throw new AssertionError("close failed", e.getCause());
        }
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }

    private String closeDescription() {
        CloseReason reason = closed.getNow(null);
        return reason == null ? "no" : reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
    }

    /** The client endpoint: records into the enclosing client's queue and futures. */
    private final class Recorder extends Endpoint {

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, new MessageHandler.Whole<String>() {
                @Override
                public void onMessage(String text) {
                    if (!texts.offer(text)) {
                        error.complete(new IllegalStateException("more than " + MAX_BUFFERED_TEXTS + " unread frames"));
                    }
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closed.complete(closeReason);
        }

        @Override
        public void onError(Session session, Throwable thr) {
            error.complete(thr);
        }
    }
}
