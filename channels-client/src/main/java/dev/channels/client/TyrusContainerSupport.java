package dev.channels.client;

import jakarta.websocket.WebSocketContainer;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.client.ThreadPoolConfig;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * Everything Tyrus-specific in the client, and nothing else: creating a private {@link ClientManager}
 * with the connect timeout, TLS context and small thread pools, shutting it down, and reading the
 * HTTP status of a refused handshake. The rest of the client speaks only {@code jakarta.websocket}.
 *
 * <p>Callers must check {@link #isPresent()} (or that a container is a {@code ClientManager}) before
 * touching any other method, so that the client also loads where Tyrus is absent (in an application
 * server with another WebSocket implementation).
 */
final class TyrusContainerSupport {

    private static final String CLIENT_MANAGER = "org.glassfish.tyrus.client.ClientManager";
    private static final boolean PRESENT = detect();

    private TyrusContainerSupport() {
    }

    /** Whether the Tyrus client is on the class path. */
    static boolean isPresent() {
        return PRESENT;
    }

    /** Whether {@code container} is Tyrus's client container. */
    static boolean isTyrus(WebSocketContainer container) {
        return PRESENT && container instanceof ClientManager;
    }

    /**
     * A client container of its own (not Tyrus's JVM-wide shared one), so that closing the client
     * stops every thread it started.
     */
    static WebSocketContainer newContainer(ClientOptions options) {
        ClientManager manager = ClientManager.createClient();
        Map<String, Object> p = manager.getProperties();
        p.put(ClientProperties.SHARED_CONTAINER, false);
        p.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        p.put(ClientProperties.WORKER_THREAD_POOL_CONFIG, ThreadPoolConfig.defaultConfig()
                .setPoolName("channels-client-io").setMaxPoolSize(3).setCorePoolSize(1).setDaemon(true));
        options.ssl().ifPresent(ctx -> p.put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                new SslEngineConfigurator(ctx, true, false, false)));
        // Tyrus reads each frame whole into a buffer that grows up to this size and fails the connection
        // with 1011 beyond it. The maximum message size is enforced by ConnectionEndpoint's TextAssembler
        // (close with 1009), so the buffer must hold a frame somewhat over that maximum: Tyrus's default
        // (4 MiB) or, for larger maxima, twice the maximum. Only a single frame bigger still gets 1011.
        p.put(ClientProperties.INCOMING_BUFFER_SIZE, incomingBufferSize(options.maxMessageSize()));
        manager.setDefaultMaxTextMessageBufferSize(options.maxMessageSize());
        manager.setAsyncSendTimeout(options.writeTimeout().toMillis());
        return manager;
    }

    /** The cap of Tyrus's per-frame read buffer for a maximum message size of {@code max} bytes. */
    static int incomingBufferSize(int max) {
        return (int) Math.min(Integer.MAX_VALUE - 64, Math.max(4L * 1024 * 1024, 2L * max + 64));
    }

    /** Stops the container's own executors; a no-op for other containers. */
    static void shutdown(WebSocketContainer container) {
        if (isTyrus(container)) {
            ((ClientManager) container).shutdown();
        }
    }

    /** The HTTP status of a handshake Tyrus saw refused, searched along the cause chain; -1 if none. */
    static int refusedHandshakeStatus(Throwable error) {
        if (!PRESENT) {
            return -1;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException h && h.getHttpStatusCode() > 0) {
                return h.getHttpStatusCode();
            }
        }
        return -1;
    }

    private static boolean detect() {
        try {
            Class.forName(CLIENT_MANAGER, false, TyrusContainerSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
