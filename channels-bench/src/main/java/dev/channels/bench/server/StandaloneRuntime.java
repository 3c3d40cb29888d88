package dev.channels.bench.server;

import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.server.standalone.StandaloneServer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * The channels standalone runner ({@link StandaloneServer}: Tyrus on a Grizzly listener of its own, with
 * its hardening) on every interface, the raw and admin endpoints deployed beside the channel endpoint.
 * The load driver starts it with {@code --runtime standalone}.
 */
final class StandaloneRuntime extends RunnerRuntime {

    StandaloneRuntime() {
        super("the standalone runner");
    }

    @Override
    public Started start(ChannelServer server, List<ServerEndpointConfig> others, int port) throws Exception {
        StandaloneServer running = StandaloneServer.start(server, port,
                RunnerOptions.builder().host("0.0.0.0").build(), others);
        return Started.of(running.port(), running::close);
    }
}
