package dev.channels.bench.driver;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the bench server's {@code /admin} endpoint for heap, threads and registry sizes.
 * One request at a time (callers are the driver's main thread).
 */
final class AdminClient implements ServerAdmin {

    private final AtomicReference<CompletableFuture<String>> pending = new AtomicReference<>();
    private final DriverConnection connection;

    private AdminClient(DriverClients clients, URI uri) throws Exception {
        FrameListener listener = (c, text, nanos) -> {
            CompletableFuture<String> reply = pending.getAndSet(null);
            if (reply != null) {
                reply.complete(text);
            }
        };
        DriverConnection[] holder = new DriverConnection[1];
        // The admin endpoint sends no join frame: connect, then use the connection directly.
        holder[0] = new DriverConnection(listener, 4);
        clients.connectRaw(uri, holder[0]).get(30, TimeUnit.SECONDS);
        this.connection = holder[0];
    }

    static AdminClient connect(DriverClients clients, String baseUrl) throws Exception {
        return new AdminClient(clients, URI.create(baseUrl + "/admin"));
    }

    /** Sends {@code command} on the admin connection and waits (up to 120 s) for its answer. */
    @Override
    public Map<String, Long> ask(String command) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.set(reply);
        connection.send(command);
        return Json.readLongs(reply.get(120, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        connection.close(2000).join();
    }
}
