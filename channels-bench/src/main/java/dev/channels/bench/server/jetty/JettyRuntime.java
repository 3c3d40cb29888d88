package dev.channels.bench.server.jetty;

import dev.channels.bench.server.BenchRuntime;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.List;

/**
 * Jetty 12 (ee10) with its own Jakarta WebSocket implementation, hosting the bench's endpoints in a
 * servlet context at {@code /}: one connector on every interface, Jetty's default thread pool.
 * Sessions never time out by idleness (Tyrus's default too); the channels server's heartbeat bounds
 * idle connections.
 */
public final class JettyRuntime implements BenchRuntime {

    @Override
    public Started start(List<ServerEndpointConfig> endpoints, int port) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(port);
        connector.setIdleTimeout(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxSessionIdleTimeout(0);
            for (ServerEndpointConfig endpoint : endpoints) {
                container.addEndpoint(endpoint);
            }
        });
        jetty.setHandler(context);
        jetty.start();
        int bound = connector.getLocalPort();
        return new Started() {
            @Override
            public int port() {
                return bound;
            }

            @Override
            public void stop() throws Exception {
                jetty.stop();
            }
        };
    }
}
