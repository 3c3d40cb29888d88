package dev.channels.bench.server.jetty;

import dev.channels.bench.server.RunnerRuntime;
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
public final class JettyRuntime extends RunnerRuntime {

    /** The Jetty runner, with its defaults but for the host (every interface). */
    public JettyRuntime() {
        super("the Jetty runner");
    }

    @Override
    public Started start(ChannelServer channels, List<ServerEndpointConfig> others, int port) throws Exception {
        JettyChannelServer running = JettyChannelServer.start(channels, port,
                RunnerOptions.builder().host("0.0.0.0").build(), others);
        return Started.of(running.port(), running::close);
    }
}
