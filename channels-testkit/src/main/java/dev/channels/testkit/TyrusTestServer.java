package dev.channels.testing;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/** A Tyrus (Grizzly) server on an ephemeral localhost port serving the given endpoint configs. */
public final class TyrusTestServer implements AutoCloseable {

    private final ServerContainer container;
    private final int port;

    private TyrusTestServer(ServerContainer container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Starts a server with {@code configs} under context path "/". */
    public static TyrusTestServer start(ServerEndpointConfig... configs) throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        for (ServerEndpointConfig config : configs) {
            container.addEndpoint(config);
        }
        container.start("/", 0);
        int port = ((org.glassfish.tyrus.server.TyrusServerContainer) container).getPort();
        return new TyrusTestServer(container, port);
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** {@code ws://localhost:port} + {@code path}. */
    public String uri(String path) {
        return "ws://localhost:" + port + path;
    }

    @Override
    public void close() {
        container.stop();
    }
}
