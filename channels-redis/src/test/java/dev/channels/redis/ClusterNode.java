package dev.channels.redis;

import dev.channels.server.ChannelServer;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/** One server node for a test: a {@link ChannelServer} on its own Tyrus/Grizzly container on a free port. */
final class ClusterNode implements AutoCloseable {

    final ChannelServer server;
    private final ServerContainer container;
    private final int port;

    private ClusterNode(ChannelServer server, ServerContainer container, int port) {
        this.server = server;
        this.container = container;
        this.port = port;
    }

    static ClusterNode start(ChannelServer server) throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        container.addEndpoint(server.endpointConfig());
        container.start("/", 0);
        return new ClusterNode(server, container, ((TyrusServerContainer) container).getPort());
    }

    /** The base URI clients join under: {@code ws://127.0.0.1:port/ws}. */
    URI base() {
        return URI.create("ws://127.0.0.1:" + port + server.options().basePath());
    }

    @Override
    public void close() {
        server.close();
        container.stop();
    }
}
