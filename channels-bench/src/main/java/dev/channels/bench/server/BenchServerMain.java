package dev.channels.bench.server;

import dev.channels.redis.RedisEngine;
import dev.channels.server.engine.ChannelEngine;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The server process of the benchmark: one WebSocket runtime (Tyrus on Grizzly by default; Jetty 12 or
 * Undertow through {@code jetty.JettyBenchServer} and {@code undertow.UndertowBenchServer}; the channels standalone
 * runner through {@link StandaloneBenchServer}) on one port hosting
 * <ul>
 *   <li>{@code /ws/{channel}}: the channels server under test, with the bench's handlers;</li>
 *   <li>{@code /raw/{channel}} and {@code /raw-echo/{channel}}: the raw ceiling endpoints;</li>
 *   <li>{@code /admin}: heap, threads and registry sizes for the driver.</li>
 * </ul>
 * Usage: {@code BenchServerMain [--port 0] [--redis redis://host:port] [--redis-timeout 5s] [--history 0]} (every
 * interface; 0 picks a free port; with {@code --redis} the channels server runs on the Redis engine, so several such
 * processes on one Redis form a cluster, {@code --redis-timeout} its command timeout, default the engine's;
 * {@code --history N} keeps N messages per channel). Once listening it prints one line
 * {@code BENCH-SERVER READY port=<port>} on standard output (the driver waits for it), then runs
 * until its standard input closes or the process is killed.
 */
public final class BenchServerMain {

    /** The line prefix the driver waits for. */
    public static final String READY = "BENCH-SERVER READY port=";

    private BenchServerMain() {
    }

    public static void main(String[] args) throws Exception {
        run(args, new TyrusRuntime());
    }

    /**
     * Runs the bench server on {@code runtime} ({@code main} of this class: Tyrus; of
     * {@code jetty.JettyBenchServer} and {@code undertow.UndertowBenchServer}: the others).
     */
    public static void run(String[] args, BenchRuntime runtime) throws Exception {
        int port = 0;
        String redis = null;
        String redisTimeout = null;
        int history = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(args[++i]);
                    break;
                case "--redis":
                    redis = args[++i];
                    break;
                case "--redis-timeout":
                    redisTimeout = args[++i];
                    break;
                case "--history":
                    history = Integer.parseInt(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + args[i]
                            + "; usage: [--port P] [--redis URI] [--redis-timeout 5s] [--history N]");
            }
        }
        RedisEngine.Builder engine = redis == null ? null : RedisEngine.builder().uri(redis);
        if (engine != null && redisTimeout != null) {
            engine.commandTimeout(java.time.Duration.parse("PT" + redisTimeout));
        }
        Running server = start(runtime, port, engine == null ? null : engine.build(), history);
        // Program output for the parent process, not logging.
        System.out.println(READY + server.port());
        System.out.flush();
        CountDownLatch stdinClosed = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // keep reading until the driver closes our stdin
                }
            } catch (Exception ignored) {
                // treated as closed
            }
            stdinClosed.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        stdinClosed.await();
        server.close();
    }

    /**
     * Starts the bench server on {@code port} ({@code 0} for a free one) on every interface, on Tyrus's
     * own Grizzly container (the channels standalone runner, {@code StandaloneServer}, binds the
     * loopback address by default), with the raw and admin endpoints deployed beside the channel endpoint.
     */
    public static Running start(int port) throws Exception {
        return start(new TyrusRuntime(), port, null, 0);
    }

    /** As {@link #start(int)}, the channels server on {@code engine} ({@code null}: in-memory) with {@code history}. */
    static Running start(int port, ChannelEngine engine, int history) throws Exception {
        return start(new TyrusRuntime(), port, engine, history);
    }

    /**
     * Starts the bench server's endpoints on {@code runtime}, on {@code port} of every interface, the
     * channels server on {@code engine} ({@code null}: in-memory) with {@code history}.
     */
    public static Running start(BenchRuntime runtime, int port, ChannelEngine engine, int history) throws Exception {
        RawChannelRegistry raw = new RawChannelRegistry();
        ChannelsUnderTest ours = ChannelsUnderTest.create(engine, history);
        List<ServerEndpointConfig> endpoints = new ArrayList<>();
        endpoints.add(config("/raw/{channel}", RawBroadcastEndpoint.class, new RawBroadcastEndpoint(raw)));
        endpoints.add(config("/raw-echo/{channel}", RawEchoEndpoint.class, new RawEchoEndpoint(raw)));
        endpoints.add(config("/admin", AdminEndpoint.class, new AdminEndpoint(raw, ours::registrySizes)));
        BenchRuntime.Started started = runtime.start(ours.server(), endpoints, port);
        return new Running(started, ours, started.port());
    }

    /** A started bench server. */
    public static final class Running implements AutoCloseable {
        private final BenchRuntime.Started container;
        private final ChannelsUnderTest ours;
        private final int port;

        private Running(BenchRuntime.Started container, ChannelsUnderTest ours, int port) {
            this.container = container;
            this.ours = ours;
            this.port = port;
        }

        /** The port it listens on. */
        public int port() {
            return port;
        }

        /** Closes the channel server, then stops the runtime. */
        @Override
        public void close() throws Exception {
            try {
                ours.server().close();
            } finally {
                container.stop();
            }
        }
    }

    private static <T extends Endpoint> ServerEndpointConfig config(String path, Class<T> type, T instance) {
        return ServerEndpointConfig.Builder.create(type, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <E> E getEndpointInstance(Class<E> endpointClass) {
                        return endpointClass.cast(instance);
                    }
                })
                .build();
    }
}
