package dev.channels.server.standalone;

import dev.channels.server.RunnerOptions;
import dev.channels.server.ChannelServer;
import dev.channels.server.ReadThread;
import dev.channels.transport.RawFrameWriter;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Runs a {@link ChannelServer} without an application server, on Tyrus over Grizzly. This is the
 * only class (with its package-private helpers) that knows Tyrus; the endpoint itself is portable.
 *
 * <pre>{@code
 * try (StandaloneServer running = StandaloneServer.start(server, 0)) {   // 0: any free port
 *     URI uri = running.channelUri("room-1");                             // ws://localhost:<port>/ws/room-1
 * }
 * }</pre>
 *
 * <p>Connection-level settings are {@link RunnerOptions}: by default the server binds the
 * loopback address only, a connection must complete its WebSocket handshake within 10 s, and a
 * connection the server closes is aborted when the peer has not completed the close within 5 s.
 * With TLS ({@link RunnerOptions.Builder#tls}, or {@link #start(ChannelServer, int, SSLContext)})
 * the server speaks {@code wss://} only and {@link #channelUri} returns {@code wss://} URIs.
 *
 * <p>Threads: by default each read of a WebSocket connection is handed from Grizzly's selector thread to
 * a worker, which parses and handles its frames and writes the replies ({@link ReadThread#MAY_BLOCK}).
 * With {@link RunnerOptions#eventLoopReads()} the selector thread that found the connection readable does
 * all of it and the runner declares {@link ReadThread#EVENT_LOOP} to its channel server; HTTP requests and
 * TLS and WebSocket handshakes (the endpoint's {@code onOpen}) still run on workers, while a TCP close is
 * reported on the thread whose read or write found it (see {@code UpgradedReadsOnSelector}). Endpoints of
 * your own passed beside the channel server are read on the selector threads too then: they must not block.
 *
 * <p>Thread-safety: every method may be called from any thread; {@link #awaitShutdown()} returns
 * once {@link #close()} has run on some thread.
 *
 * @since 0.1.0
 */
public final class StandaloneServer implements AutoCloseable {

    private final ChannelServer server;
    private final ServerContainer container;
    private final RunnerOptions options;
    private final int port;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StandaloneServer(ChannelServer server, ServerContainer container, RunnerOptions options, int port) {
        this.server = server;
        this.container = container;
        this.options = options;
        this.port = port;
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) of the loopback address,
     * under context path {@code /}, with {@link RunnerOptions#defaults()}.
     *
     * @throws IOException when the port cannot be bound
     */
    public static StandaloneServer start(ChannelServer server, int port) throws IOException {
        return start(server, port, RunnerOptions.defaults());
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) of the loopback address,
     * under context path {@code /}, speaking TLS only ({@code wss://}). {@code sslContext} must be
     * initialised with key managers holding the server's certificate and private key (e.g. from a
     * PKCS#12 key store); clients must trust that certificate.
     *
     * @throws IOException when the port cannot be bound
     */
    public static StandaloneServer start(ChannelServer server, int port, SSLContext sslContext) throws IOException {
        Objects.requireNonNull(sslContext, "sslContext");
        return start(server, port, RunnerOptions.builder().tls(sslContext).build());
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) under context path {@code /},
     * as {@code options} say.
     *
     * @throws IOException when the address cannot be bound
     */
    public static StandaloneServer start(ChannelServer server, int port, RunnerOptions options) throws IOException {
        return start(server, port, options, List.of());
    }

    /**
     * As {@link #start(ChannelServer, int, RunnerOptions)}, with {@code moreEndpoints} of your own
     * (e.g. a health check) deployed beside the channel endpoint on the same port. They get the same
     * connection handling: handshake screen and timeout, frame guard with the channel server's maximum
     * message size, close grace.
     *
     * @throws IOException when the address cannot be bound or an endpoint cannot be deployed (e.g. its
     *         path clashes with the channel endpoint's)
     */
    public static StandaloneServer start(ChannelServer server, int port, RunnerOptions options,
                                         List<ServerEndpointConfig> moreEndpoints) throws IOException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        List<ServerEndpointConfig> extra = List.copyOf(moreEndpoints);
        GrizzlyChannelContainer container = new GrizzlyChannelContainer(options, server.options().maxMessageSize(),
                server.options().originPolicy(), server.options().rateLimit(), server::isDraining);
        try {
            // rate limits charged at read time; broadcasts written straight into Grizzly's write queue
            container.addEndpoint(server.endpointConfig(ReadArrival.CLOCK, GrizzlyDirectFrames.FACTORY));
            // sessions at {base} (many channels on one connection), unless turned off
            java.util.Optional<ServerEndpointConfig> sessions =
                    server.sessionEndpointConfig(ReadArrival.CLOCK, GrizzlyDirectFrames.FACTORY);
            if (sessions.isPresent()) {
                container.addEndpoint(sessions.get());
            }
            for (ServerEndpointConfig endpoint : extra) {
                container.addEndpoint(endpoint);
            }
            // with eventLoopReads a WebSocket connection's frames are read and handled on a Grizzly selector
            // thread (UpgradedReadsOnSelector): the channel server runs what may block elsewhere
            server.readThread(options.eventLoopReads() ? ReadThread.EVENT_LOOP : ReadThread.MAY_BLOCK);
            container.start("/", port);
        } catch (DeploymentException e) {
            container.stop();
            throw new IOException("could not deploy the channel endpoint: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
        return new StandaloneServer(server, container, options, container.getPort());
    }

    /**
     * The runner's raw frame writers, for a {@link dev.channels.transport.SessionWriter} of an endpoint of
     * your own deployed beside the channel endpoint ({@code moreEndpoints}): made in that endpoint's
     * {@code onOpen}, a writer given this factory writes its pre-encoded frames straight into the
     * connection's Grizzly write queue on a plain ({@code ws://}) connection, through the connection's
     * filter chain (its TLS) on a {@code wss://} one; made anywhere else it uses {@code sendText}. The
     * channel endpoint's writers get it already.
     */
    public static RawFrameWriter.Factory rawFrameWriters() {
        return GrizzlyDirectFrames.FACTORY;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The address the server listens on, as configured ({@link RunnerOptions#host()}). */
    public String host() {
        return options.host();
    }

    /** The options it runs with. */
    public RunnerOptions options() {
        return options;
    }

    /** The channel server it runs. */
    public ChannelServer server() {
        return server;
    }

    /** Whether the server speaks TLS ({@code wss://}). */
    public boolean isSecure() {
        return options.tls().isPresent();
    }

    /**
     * {@code ws://<host>:<port><basePath>/<channelId>}, or {@code wss://...} when {@link #isSecure()};
     * the host is {@code localhost} when the server listens on the loopback address or on every interface.
     */
    public java.net.URI channelUri(String channelId) {
        return options.channelUri(port, server.options().basePath(), channelId);
    }

    /** {@code http://<host>:<port>/} ({@code https://} when {@link #isSecure()}): where {@link RunnerOptions#pages()} are served. */
    public java.net.URI pageUri() {
        return options.pageUri(port);
    }

    /**
     * Blocks until {@link #close()} has run (on another thread, e.g. a shutdown hook).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * The graceful stop of a node in a rolling restart, for a shutdown hook (SIGTERM): drains the channel
     * server over its {@code channels.drain-window} (not ready, handshakes answered 503, members closed
     * with 1012 spread over the window; {@link ChannelServer#drainAndClose()}), then stops Tyrus. Blocks
     * for up to the window (and a few seconds). Idempotent.
     *
     * @since 0.1.0
     */
    public void shutdown() {
        try {
            server.drainAndClose();
        } finally {
            close();
        }
    }

    /** Closes the channel server gracefully (members get a close frame, hooks fire), then stops Tyrus. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                container.stop();
            } finally {
                stopped.countDown();
            }
        }
    }
}
