package dev.channels.server.standalone;

import dev.channels.server.ChannelServer;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * Runs a {@link ChannelServer} without an application server, on Tyrus over Grizzly. This is the
 * only class that knows Tyrus; the endpoint itself is portable.
 *
 * <pre>{@code
 * try (StandaloneServer running = StandaloneServer.start(server, 0)) {   // 0: any free port
 *     URI uri = running.channelUri("room-1");                             // ws://localhost:<port>/ws/room-1
 * }
 * }</pre>
 *
 * <p>With an {@link SSLContext} ({@link #start(ChannelServer, int, SSLContext)}) the server speaks TLS
 * and {@link #channelUri} returns {@code wss://} URIs; the context's key managers hold the server's
 * certificate and key.
 *
 * <p>Tyrus's Grizzly container binds every interface ({@code 0.0.0.0}); it has no host setting.
 */
public final class StandaloneServer implements AutoCloseable {

    private final ChannelServer server;
    private final ServerContainer container;
    private final int port;
    private final boolean secure;

    private StandaloneServer(ChannelServer server, ServerContainer container, int port, boolean secure) {
        this.server = server;
        this.container = container;
        this.port = port;
        this.secure = secure;
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) under context path {@code /}.
     *
     * @throws IOException when the port cannot be bound
     */
    public static StandaloneServer start(ChannelServer server, int port) throws IOException {
        Objects.requireNonNull(server, "server");
        return start(server, ServerContainerFactory.createServerContainer(Map.of()), port, false);
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) under context path {@code /},
     * speaking TLS only ({@code wss://}). {@code sslContext} must be initialised with key managers
     * holding the server's certificate and private key (e.g. from a PKCS#12 key store); clients must
     * trust that certificate.
     *
     * @throws IOException when the port cannot be bound
     */
    public static StandaloneServer start(ChannelServer server, int port, SSLContext sslContext) throws IOException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(sslContext, "sslContext");
        return start(server, new TlsServerContainer(sslContext), port, true);
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) like {@link #start(ChannelServer, int)},
     * and also serves the class-path resources under {@code resourceRoot} (e.g. {@code "dev/channels/web/"},
     * ending with {@code /}) over plain HTTP at {@code /}: {@code index.html} for {@code /}. The demo's chat
     * page is served this way.
     *
     * @throws IOException when the port cannot be bound
     */
    public static StandaloneServer startWithPages(ChannelServer server, int port, String resourceRoot) throws IOException {
        Objects.requireNonNull(server, "server");
        if (!resourceRoot.endsWith("/") || resourceRoot.startsWith("/")) {
            throw new IllegalArgumentException("resourceRoot must be a class-path folder like dev/channels/web/, got "
                    + resourceRoot);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return start(server, new PageServingContainer(loader == null ? StandaloneServer.class.getClassLoader() : loader,
                resourceRoot), port, false);
    }

    private static StandaloneServer start(ChannelServer server, ServerContainer container, int port, boolean secure)
            throws IOException {
        try {
            container.addEndpoint(server.endpointConfig());
            container.start("/", port);
        } catch (DeploymentException e) {
            throw new IOException("could not deploy the channel endpoint: " + e.getMessage(), e);
        }
        int bound = container instanceof TyrusServerContainer t ? t.getPort() : port;
        return new StandaloneServer(server, container, bound, secure);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The channel server it runs. */
    public ChannelServer server() {
        return server;
    }

    /** Whether the server speaks TLS ({@code wss://}). */
    public boolean isSecure() {
        return secure;
    }

    /** {@code ws://localhost:<port><basePath>/<channelId>}, or {@code wss://...} when {@link #isSecure()}. */
    public java.net.URI channelUri(String channelId) {
        return java.net.URI.create((secure ? "wss" : "ws") + "://localhost:" + port + server.options().basePath()
                + "/" + channelId);
    }

    /** Closes the channel server gracefully (members get a close frame, hooks fire), then stops Tyrus. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            container.stop();
        }
    }
}
