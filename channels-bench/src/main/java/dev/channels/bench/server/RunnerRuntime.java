package dev.channels.bench.server;

import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A runtime that is one of the channels runners: it hosts endpoints only beside a {@link ChannelServer}
 * (its {@link #start(ChannelServer, List, int)}), never a bare list of endpoints. Every runner is started
 * the same way: on every interface, with the runner's defaults otherwise, the other endpoints beside the
 * channel endpoint; a subclass names only its runner's {@code start} and {@code port}.
 *
 * @param <R> the running server the runner's {@code start} returns
 */
public abstract class RunnerRuntime<R extends AutoCloseable> implements BenchRuntime {

    /** A runner's {@code start(server, port, options, others)}. */
    @FunctionalInterface
    protected interface Launch<R> {
        R start(ChannelServer server, int port, RunnerOptions options, List<ServerEndpointConfig> others) throws Exception;
    }

    /** Every interface; frames read and handled on the selector threads (the Tyrus runner configured for throughput; Jetty ignores it). */
    private static final RunnerOptions EVERY_INTERFACE = RunnerOptions.builder().host("0.0.0.0").eventLoopReads(true).build();

    private final String name;
    private final Launch<R> launch;
    private final ToIntFunction<R> port;

    /**
     * @param name   the runner, for the refusal of {@link #start(List, int)}
     * @param launch the runner's start
     * @param port   the port a running server listens on
     */
    protected RunnerRuntime(String name, Launch<R> launch, ToIntFunction<R> port) {
        this.name = name;
        this.launch = launch;
        this.port = port;
    }

    /** Refused: a runner hosts a channel server. */
    @Override
    public final Started start(List<ServerEndpointConfig> endpoints, int port) {
        throw new UnsupportedOperationException(name + " hosts a channel server: start(server, others, port)");
    }

    @Override
    public final Started start(ChannelServer server, List<ServerEndpointConfig> others, int port) throws Exception {
        R running = launch.start(server, port, EVERY_INTERFACE, others);
        return Started.of(this.port.applyAsInt(running), running);
    }
}
