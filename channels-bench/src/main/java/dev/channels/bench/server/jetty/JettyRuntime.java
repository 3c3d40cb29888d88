package dev.channels.bench.server.jetty;

import dev.channels.bench.server.BenchRuntime;
import dev.channels.server.ChannelServer;
import dev.channels.server.jetty.JettyChannelServer;
import dev.channels.server.RunnerOptions;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * The production Jetty runner ({@link JettyChannelServer} of channels-jetty: Jetty 12 ee10 with its
 * own Jakarta WebSocket implementation), so the bench measures what ships: on every interface, with
 * the runner's defaults otherwise (its hardening, Jetty's default thread pool size); the raw ceiling
 * and admin endpoints are served beside the channel endpoint.
 */
public final class JettyRuntime implements BenchRuntime {

    @Override
    public Started start(List<ServerEndpointConfig> endpoints, int port) {
        throw new UnsupportedOperationException("the Jetty runner hosts a channel server: start(server, others, port)");
    }

    @Override
    public Started start(ChannelServer channels, List<ServerEndpointConfig> others, int port) throws Exception {
        JettyChannelServer running = JettyChannelServer.start(channels, port,
                RunnerOptions.builder().host("0.0.0.0").build(), others);
        return new Started() {
            @Override
            public int port() {
                return running.port();
            }

            @Override
            public void stop() {
                running.close();
            }
        };
    }
}
