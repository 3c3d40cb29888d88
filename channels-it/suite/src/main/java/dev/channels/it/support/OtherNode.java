package dev.channels.it.support;

import dev.channels.server.ChannelServer;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * A second cluster node in the test JVM: a {@link ChannelServer} (built by the test, on the Redis
 * engine of the deployment's Redis) on a Tyrus/Grizzly container of its own, on a free loopback port.
 * Together with the application server it makes a two-node cluster. Not thread-safe: the test thread
 * starts and closes it.
 */
public final class OtherNode implements AutoCloseable {

    private final ChannelServer server;
    private final ServerContainer container;
    private final int port;

    private OtherNode(ChannelServer server, ServerContainer container, int port) {
        this.server = server;
        this.container = container;
        this.port = port;
    }

    /** Serves {@code server} on a free port; closes it if the container does not start. */
    public static OtherNode start(ChannelServer server) throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        try {
            container.addEndpoint(server.endpointConfig());
            container.start("/", 0);
        } catch (Exception e) {
            server.close();
            container.stop();
            throw e;
        }
        return new OtherNode(server, container, ((TyrusServerContainer) container).getPort());
    }

    /** The node's channel server. */
    public ChannelServer server() {
        return server;
    }

    /** The base URI clients join under: {@code ws://127.0.0.1:<port>/ws}. */
    public URI base() {
        return URI.create("ws://127.0.0.1:" + port + server.options().basePath());
    }

    /** Closes the channel server (and with it its engine), then the container. */
    @Override
    public void close() {
        server.close();
        container.stop();
    }
}
