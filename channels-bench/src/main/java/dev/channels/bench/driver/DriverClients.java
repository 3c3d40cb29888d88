package dev.channels.bench.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's WebSocket clients: a few JDK {@link HttpClient}s (each has one selector thread)
 * sharing one small callback pool; connections are spread round-robin over them. No thread per
 * connection or per message.
 */
final class DriverClients implements AutoCloseable {

    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService callbacks;
    private final AtomicInteger next = new AtomicInteger();

    DriverClients(int selectors, int callbackThreads) {
        AtomicInteger n = new AtomicInteger();
        callbacks = Executors.newFixedThreadPool(callbackThreads, r -> {
            Thread t = new Thread(r, "driver-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < selectors; i++) {
            clients.add(HttpClient.newBuilder().executor(callbacks).connectTimeout(Duration.ofSeconds(30)).build());
        }
    }

    /** Opens a connection; the future completes when the server says the client joined. */
    CompletableFuture<DriverConnection> connect(URI uri, FrameListener listener, int maxQueued) {
        return connect(uri, Wire.CHANNELS, listener, maxQueued);
    }

    /** Opens a connection framed by {@code wire}; the future completes when the server says the client joined. */
    CompletableFuture<DriverConnection> connect(URI uri, Wire wire, FrameListener listener, int maxQueued) {
        return connect(uri, wire, listener, maxQueued, java.util.List.of());
    }

    /**
     * Opens a connection framed by {@code wire}; on a {@link Wire#SESSION} it sends {@code sessionJoins} when
     * the session is ready. The future completes when the server says the client joined (every channel).
     */
    CompletableFuture<DriverConnection> connect(URI uri, Wire wire, FrameListener listener, int maxQueued,
                                                java.util.List<String> sessionJoins) {
        DriverConnection connection = new DriverConnection(wire, listener, maxQueued, sessionJoins);
        HttpClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
        return client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, connection)
                .thenCompose(ws -> connection.joined());
    }

    /** Opens a connection without waiting for a join frame (for endpoints that send none). */
    CompletableFuture<?> connectRaw(URI uri, DriverConnection connection) {
        return clients.get(0).newWebSocketBuilder().buildAsync(uri, connection);
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
