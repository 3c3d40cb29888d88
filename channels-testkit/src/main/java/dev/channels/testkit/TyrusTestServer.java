package dev.channels.testkit;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * A plain Tyrus server (its own Grizzly container, none of the project's runner code) on a localhost
 * port, serving the given endpoint configurations: the runner the project's portable tests deploy a
 * server's {@code ServerEndpointConfig} on. {@link #startTls} puts a TLS front ({@link
 * CuttableProxy#tls}) before it. {@link #of} wraps a server started otherwise (a runner under test)
 * for code written against this class.
 */
public final class TyrusTestServer implements AutoCloseable {

    private final Runnable stop;
    private final boolean secure;
    private final int port;

    private TyrusTestServer(Runnable stop, boolean secure, int port) {
        this.stop = stop;
        this.secure = secure;
        this.port = port;
    }

    /** A server started otherwise, listening (plain) on {@code port}; {@link #close} runs {@code stop}. */
    public static TyrusTestServer of(int port, Runnable stop) {
        return new TyrusTestServer(stop, false, port);
    }

    /** Starts a server with {@code configs} under context path "/" on a free port. */
    public static TyrusTestServer start(ServerEndpointConfig... configs) throws IOException {
        return start(0, configs);
    }

    /** Starts a server with {@code configs} under context path "/" on {@code port} (0: a free one). */
    public static TyrusTestServer start(int port, ServerEndpointConfig... configs) throws IOException {
        ServerContainer container = container(port, configs);
        return new TyrusTestServer(container::stop, false, ((TyrusServerContainer) container).getPort());
    }

    /**
     * As {@link #start(int, ServerEndpointConfig...)}, reached over TLS only: {@code port} is the TLS
     * front's; the plain container behind it listens on a free port of its own.
     */
    public static TyrusTestServer startTls(SSLContext tls, int port, ServerEndpointConfig... configs) throws IOException {
        ServerContainer container = container(0, configs);
        try {
            CuttableProxy front = CuttableProxy.tls(tls, port, ((TyrusServerContainer) container).getPort());
            return new TyrusTestServer(() -> {
                try {
                    front.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                container.stop();
            }, true, front.port());
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private static ServerContainer container(int port, ServerEndpointConfig... configs) throws IOException {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        try {
            for (ServerEndpointConfig config : configs) {
                container.addEndpoint(config);
            }
            container.start("/", port);
        } catch (DeploymentException e) {
            container.stop();
            throw new IOException("cannot deploy the endpoints", e);
        }
        return container;
    }

    /** The bound port (the TLS front's with {@link #startTls}). */
    public int port() {
        return port;
    }

    /** Whether it is reached over TLS ({@link #startTls}). */
    public boolean isSecure() {
        return secure;
    }

    /** {@code ws://localhost:port} + {@code path} ({@code wss} with TLS). */
    public String uri(String path) {
        return (isSecure() ? "wss" : "ws") + "://localhost:" + port + path;
    }

    /** Stops the TLS front (if any), then the container. */
    @Override
    public void close() {
        stop.run();
    }
}
