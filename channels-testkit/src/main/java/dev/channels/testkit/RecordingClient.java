package dev.channels.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A raw test client on the plain Jakarta WebSocket client API: it records every text frame and the
 * close reason, and sends text or binary frames. Only the shared container setup is Tyrus-specific.
 */
public final class RecordingClient implements AutoCloseable {

    private static final WebSocketContainer CONTAINER = sharedContainer();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private volatile Session session;

    private static WebSocketContainer sharedContainer() {
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        // The shared container shuts its executors down after 30 idle seconds by default; a test that
        // connects just then gets a RejectedExecutionException from a terminated executor. Keep it up
        // for the whole test run.
        client.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 3600);
        client.setDefaultMaxTextMessageBufferSize(1 << 20);
        return client;
    }

    /** Connects to {@code uri} with no extra headers. */
    public static RecordingClient connect(String uri) throws Exception {
        return connect(uri, Map.of());
    }

    /** Connects to {@code uri} sending {@code headers} in the handshake. */
    public static RecordingClient connect(String uri, Map<String, List<String>> headers) throws Exception {
        RecordingClient client = new RecordingClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        request.putAll(headers);
                    }
                }).build();
        try {
            client.session = CONTAINER.connectToServer(client.new Listener(), config, URI.create(uri));
        } catch (Exception e) {
            if (!causedByTerminatedExecutor(e)) {
                throw e;
            }
            // Tyrus issue #640: when the container's last session closes it shuts its executors down,
            // racing a connect that has already taken them; the next connect gets fresh ones
            client.session = CONTAINER.connectToServer(client.new Listener(), config, URI.create(uri));
        }
        return client;
    }

    private static boolean causedByTerminatedExecutor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig config) {
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onError(Session s, Throwable error) {
            // the close callback follows
        }
    }

    /** Sends a text frame (blocking). */
    public synchronized void send(String text) throws IOException {
        try {
            session.getBasicRemote().sendText(text);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Tyrus issue #640 again: Basic.sendText re-arms the idle timer in a finally, after the frame
            // is written, on the shared container's scheduler, which may be shutting down just then
            // (its previous last session closed); the frame is out, so the send did happen
        }
    }

    /** Sends a binary frame (blocking). */
    public synchronized void sendBinary(byte[] data) throws IOException {
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Tyrus issue #640, as in sendText: the frame is out, the idle-timer re-arm after it failed
        }
    }

    /** The next text frame, failing if none arrives within {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(frame).as("a frame within " + timeout).isNotNull();
        return frame;
    }

    /** The next text frame within 20 s (generous: a busy 2-core machine can stall for seconds). */
    public String next() throws InterruptedException {
        return next(Duration.ofSeconds(20));
    }

    /** The next text frame, or null if none arrives within {@code timeout}. */
    public String poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every frame received so far and not yet taken. */
    public List<String> drain() {
        List<String> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** Completes with the close reason when the connection closes. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    /** The client's session. */
    public Session session() {
        return session;
    }

    /** Whether the session is still open. */
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
