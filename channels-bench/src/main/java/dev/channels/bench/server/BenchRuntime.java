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

    /** Starts {@code endpoints} on {@code port} ({@code 0}: a free one) of every interface. */
    Started start(List<ServerEndpointConfig> endpoints, int port) throws Exception;

    /**
     * Starts {@code others} beside {@code server}'s channel endpoint. By default the channel endpoint is
     * deployed like the others ({@link #start(List, int)}); a runtime made for the channel server
     * (the standalone runner) overrides this.
     */
    default Started start(ChannelServer server, List<ServerEndpointConfig> others, int port) throws Exception {
        List<ServerEndpointConfig> all = new java.util.ArrayList<>();
        all.add(server.endpointConfig());
        all.addAll(others);
        return start(all, port);
    }

    /** A started runtime. */
    interface Started {

        /** The port it listens on. */
        int port();

        /** Stops the runtime. */
        void stop() throws Exception;

        /** A runtime started on {@code port} that {@code stop} stops. */
        static Started of(int port, AutoCloseable stop) {
            return new Started() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void stop() throws Exception {
                    stop.close();
                }
            };
        }
    }
}
