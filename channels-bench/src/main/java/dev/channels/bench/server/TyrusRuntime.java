package dev.channels.bench.server;

import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.util.List;
import java.util.Map;

/**
 * Tyrus on its own Grizzly container ({@code ServerContainerFactory}, every interface, Tyrus's
 * defaults), as the bench has always run. The channels standalone runner ({@code StandaloneServer})
 * is the same Tyrus and Grizzly with a listener of its own.
 */
final class TyrusRuntime implements BenchRuntime {

    @Override
    public Started start(List<ServerEndpointConfig> endpoints, int port) throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        for (ServerEndpointConfig endpoint : endpoints) {
            container.addEndpoint(endpoint);
        }
        container.start("/", port);
        int bound = container instanceof TyrusServerContainer t ? t.getPort() : port;
        return Started.of(bound, container::stop);
    }
}
