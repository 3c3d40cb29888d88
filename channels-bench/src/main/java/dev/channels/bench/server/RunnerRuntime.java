package dev.channels.bench.server;

import dev.channels.server.ChannelServer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * A runtime that is one of the channels runners: it hosts endpoints only beside a {@link ChannelServer}
 * (its {@link #start(ChannelServer, List, int)}), never a bare list of endpoints.
 */
public abstract class RunnerRuntime implements BenchRuntime {

    private final String name;

    /** @param name the runner, for the refusal of {@link #start(List, int)} */
    protected RunnerRuntime(String name) {
        this.name = name;
    }

    /** Refused: a runner hosts a channel server. */
    @Override
    public final Started start(List<ServerEndpointConfig> endpoints, int port) {
        throw new UnsupportedOperationException(name + " hosts a channel server: start(server, others, port)");
    }

    @Override
    public abstract Started start(ChannelServer server, List<ServerEndpointConfig> others, int port) throws Exception;
}
