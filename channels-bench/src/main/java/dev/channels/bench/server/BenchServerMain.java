package dev.channels.bench.server;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The server process of the benchmark: one Tyrus (Grizzly) server on one port hosting
 * <ul>
 *   <li>{@code /ws/{channel}}: the channels server under test, with the bench's handlers;</li>
 *   <li>{@code /raw/{channel}} and {@code /raw-echo/{channel}}: the raw ceiling endpoints;</li>
 *   <li>{@code /admin}: heap, threads and registry sizes for the driver.</li>
 * </ul>
 * Usage: {@code BenchServerMain [--host 127.0.0.1] [--port 0]}. Once listening it prints one line
 * {@code BENCH-SERVER READY port=<port>} on standard output (the driver waits for it), then runs
 * until its standard input closes or the process is killed.
 */
public final class BenchServerMain {

    /** The line prefix the driver waits for. */
    public static final String READY = "BENCH-SERVER READY port=";

    private BenchServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = "0.0.0.0";
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host":
                    host = args[++i];
                    break;
                case "--port":
                    port = Integer.parseInt(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + args[i] + "; usage: [--host H] [--port P]");
            }
        }
        Server server = start(host, port);
        // Program output for the parent process, not logging.
        System.out.println(READY + server.getPort());
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
        server.stop();
    }

    /**
     * Starts the bench server on {@code host:port}; port 0 picks a free port (Tyrus itself reads 0 as
     * its default 8025), retrying if another process takes it first. {@link Server#getPort()} tells which.
     */
    public static Server start(String host, int port) throws Exception {
        if (port != 0) {
            return startOn(host, port);
        }
        Exception last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            try {
                return startOn(host, port);
            } catch (jakarta.websocket.DeploymentException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Server startOn(String host, int port) throws Exception {
        RawChannelRegistry raw = new RawChannelRegistry();
        ServerUnderTest ours = ChannelsUnderTest.create();
        List<ServerEndpointConfig> endpoints = new ArrayList<>(ours.endpoints());
        endpoints.add(config("/raw/{channel}", RawBroadcastEndpoint.class, new RawBroadcastEndpoint(raw)));
        endpoints.add(config("/raw-echo/{channel}", RawEchoEndpoint.class, new RawEchoEndpoint(raw)));
        endpoints.add(config("/admin", AdminEndpoint.class, new AdminEndpoint(raw, ours::registrySizes)));
        BenchApplication.deploy(endpoints);
        Server server = new Server(host, port, "/", Map.of(), BenchApplication.class);
        server.start();
        return server;
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
