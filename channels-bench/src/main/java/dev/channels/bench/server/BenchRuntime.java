package dev.channels.bench.server;

import dev.channels.server.ChannelServer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * A WebSocket runtime that can host the bench's endpoints: the same portable {@link ServerEndpointConfig}s
 * (the channels endpoint from {@code ChannelServer.endpointConfig()}, the raw ceiling and the admin
 * endpoint) on Tyrus (Grizzly), Jetty 12 or Undertow, so the load driver compares runtimes with the
 * same endpoint code.
 */
public interface BenchRuntime {

    /**
     * Starts {@code channels}'s endpoint and {@code others} on {@code port} ({@code 0}: a free one) of
     * every interface. A runtime that is a channels runner (Jetty: channels-jetty's) starts the
     * channel server its own way; the others deploy {@code channels.endpointConfig()} like any endpoint.
     */
    Started start(ChannelServer channels, List<ServerEndpointConfig> others, int port) throws Exception;

    /** {@code channels}'s endpoint followed by {@code others}. */
    static List<ServerEndpointConfig> all(ChannelServer channels, List<ServerEndpointConfig> others) {
        List<ServerEndpointConfig> all = new java.util.ArrayList<>();
        all.add(channels.endpointConfig());
        all.addAll(others);
        return all;
    }

    /** A started runtime. */
    interface Started {

        /** The port it listens on. */
        int port();

        /** Stops the runtime. */
        void stop() throws Exception;
    }
}
