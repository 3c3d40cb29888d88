package dev.channels.server.jetty;

import dev.channels.server.RunnerOptions;
import dev.channels.server.ChannelServer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.JakartaWebSocketServerContainer;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs a {@link ChannelServer} without an application server, on Jetty 12 (ee10) and Jetty's own
 * Jakarta WebSocket implementation. This class (with its package-private helpers) is all that knows
 * Jetty; the endpoint is the portable {@link ChannelServer#endpointConfig()}.
 *
 * <pre>{@code
 * try (JettyChannelServer running = JettyChannelServer.start(server, 0)) {   // 0: any free port
 *     URI uri = running.channelUri("room-1");                                 // ws://localhost:<port>/ws/room-1
 * }
 * }</pre>
 *
 * <p>Connection-level settings are {@link RunnerOptions}, with the Tyrus runner's defaults: the
 * loopback address only, 10 s to complete the WebSocket handshake ({@code HandshakeDeadlines}), 5 s
 * for a peer to complete a close the server started ({@code CloseReaper}). A {@code FrameInspector}
 * reads the frame headers under Jetty ({@code GuardedEndPoints}), as the Tyrus runner's guard does: a
 * data frame over the server's maximum message size is refused with 1009 at its header, a 64-bit
 * length with its top bit set with 1002, and pings are charged against the server's
 * {@link dev.channels.server.ServerOptions#rateLimit() rate limit} (a flood: 1008); a message over the limit across
 * fragments gets 1009 from Jetty's message size limit, unmasked client frames 1002 (Jetty's own
 * check). Handshakes without a valid key get 400, from a refused origin 403 ({@code HandshakeHandler}); error pages name no server
 * or version. WebSocket connections have no idle timeout: the channel server's heartbeat bounds them.
 * With TLS ({@link RunnerOptions.Builder#tls}, or {@link #start(ChannelServer, int, SSLContext)}) the server
 * speaks {@code wss://} only and {@link #channelUri} returns {@code wss://} URIs.
 *
 * <p>Thread-safety: every method may be called from any thread; {@link #awaitShutdown()} returns
 * once {@link #close()} has run on some thread.
 *
 * @since 0.1.0
 */
public final class JettyChannelServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JettyChannelServer.class.getName());

    private final ChannelServer server;
    private final Server jetty;
    private final CloseReaper reaper;
    private final RunnerOptions options;
    private final int port;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private JettyChannelServer(ChannelServer server, Server jetty, CloseReaper reaper, RunnerOptions options, int port) {
        this.server = server;
        this.jetty = jetty;
        this.reaper = reaper;
        this.options = options;
        this.port = port;
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) of the loopback address, under
     * context path {@code /}, with {@link RunnerOptions#defaults()}.
     *
     * @throws IOException when the port cannot be bound or Jetty does not start
     */
    public static JettyChannelServer start(ChannelServer server, int port) throws IOException {
        return start(server, port, RunnerOptions.defaults());
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) of the loopback address, under
     * context path {@code /}, speaking TLS only ({@code wss://}). {@code sslContext} must be
     * initialised with key managers holding the server's certificate and private key.
     *
     * @throws IOException when the port cannot be bound or Jetty does not start
     */
    public static JettyChannelServer start(ChannelServer server, int port, SSLContext sslContext) throws IOException {
        Objects.requireNonNull(sslContext, "sslContext");
        return start(server, port, RunnerOptions.builder().tls(sslContext).build());
    }

    /**
     * Starts {@code server} on {@code port} ({@code 0} for a free one) under context path {@code /},
     * as {@code options} say.
     *
     * @throws IOException when the address cannot be bound or Jetty does not start
     */
    public static JettyChannelServer start(ChannelServer server, int port, RunnerOptions options) throws IOException {
        return start(server, port, options, List.of());
    }

    /**
     * As {@link #start(ChannelServer, int, RunnerOptions)}, also serving {@code alongside} (other
     * Jakarta WebSocket endpoints, such as a health or admin endpoint) under the same hardening and
     * frame limit. The channel server's {@link ChannelServer#close()} does not close their sessions;
     * {@link #close()} stops them with Jetty.
     *
     * @throws IOException when the address cannot be bound or Jetty does not start
     */
    public static JettyChannelServer start(ChannelServer server, int port, RunnerOptions options,
                                           List<ServerEndpointConfig> alongside) throws IOException {
        Objects.requireNonNull(server, "server");
        List<ServerEndpointConfig> others = List.copyOf(alongside);
        Objects.requireNonNull(options, "options");
        QueuedThreadPool threads = new QueuedThreadPool(options.maxThreads());
        threads.setName("channels-jetty");
        Server jetty = new Server(threads, null, bufferPool());
        ServerConnector connector = connector(jetty, options,
                new GuardedEndPoints.Limits(server.options().maxMessageSize(), server.options().rateLimit()));
        connector.setHost(options.host());
        connector.setPort(port);
        // before an upgrade: a silent or idle HTTP connection; WebSocket connections get their own
        // (none) from the WebSocket configuration below
        connector.setIdleTimeout(options.handshakeTimeout().toMillis());
        HandshakeDeadlines deadlines = new HandshakeDeadlines(options.handshakeTimeout());
        connector.addEventListener(deadlines);
        jetty.addConnector(connector);

        CloseReaper reaper = new CloseReaper(options.closeGrace());
        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(new PlainErrorPages());
        options.pages().ifPresent(root -> servePages(context, root));
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxTextMessageBufferSize(server.options().maxMessageSize());
            container.setDefaultMaxSessionIdleTimeout(0); // the channel server's heartbeat bounds idleness
            reaper.watch((JakartaWebSocketServerContainer) container);
            ((JakartaWebSocketServerContainer) container).addSessionListener(GuardedEndPoints.sessions());
            container.addEndpoint(server.endpointConfig());
            // sessions at {base} (many channels on one connection), unless turned off
            java.util.Optional<ServerEndpointConfig> sessions = server.sessionEndpointConfig();
            if (sessions.isPresent()) {
                container.addEndpoint(sessions.get());
            }
            for (ServerEndpointConfig other : others) {
                container.addEndpoint(other);
            }
        });
        jetty.setHandler(new HandshakeHandler(context, server.options().originPolicy(), deadlines, server::isDraining));
        jetty.setErrorHandler(new PlainErrorPages());
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            if (e instanceof IOException io) {
                throw io;
            }
            Throwable cause = e.getCause() instanceof DeploymentException d ? d : e;
            throw new IOException("could not start Jetty: " + cause.getMessage(), cause);
        }
        deadlines.start(jetty.getScheduler());
        reaper.start(jetty.getScheduler());
        JettyChannelServer running = new JettyChannelServer(server, jetty, reaper, options, connector.getLocalPort());
        LOG.log(Level.INFO, "channel server on Jetty {0} at {1}: frames are encoded per member by Jetty "
                + "(the portable sendText path; Tyrus raw frames do not apply)", Jetty.VERSION, running.channelUri(""));
        return running;
    }

    /**
     * The most heap (and, separately, direct) memory Jetty's buffer pool keeps in buffers that were
     * released: 1 MiB each, 256 buffers of 4 KiB.
     *
     * <p>Jetty's default pool keeps released buffers up to an eighth of the heap (64 MiB of a 512 MiB
     * heap), so memory that clients made the server use stays held after they are gone: 1,000 slow
     * readers that were cut left ~1,000 pooled 4 KiB buffers, +4.8 MiB of heap after GC (the abuse
     * suite's slow-readers attack, CI size). Bounded, the pool still serves the steady state (a few
     * buffers per thread in flight; Jetty's thread pool is small) and a buffer it does not keep is
     * allocated afresh, which for buffers of a few KiB costs little next to the I/O it serves.
     */
    static final long MAX_POOLED_BYTES = 1024 * 1024;

    /** Jetty's pool with its default buckets but at most {@link #MAX_POOLED_BYTES} kept of each kind. */
    private static ArrayByteBufferPool bufferPool() {
        return new ArrayByteBufferPool(0, -1, -1, -1, MAX_POOLED_BYTES, MAX_POOLED_BYTES);
    }

    private static ServerConnector connector(Server jetty, RunnerOptions options, GuardedEndPoints.Limits limits) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (options.tls().isEmpty()) {
            return GuardedEndPoints.connector(jetty, limits, null, new HttpConnectionFactory(http));
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // as the Tyrus runner: the certificate's names are the client's business
        http.addCustomizer(secure);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(options.tls().get());
        return GuardedEndPoints.connector(jetty, limits, tls, new HttpConnectionFactory(http));
    }

    private static void servePages(ServletContextHandler context, String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ClassLoader classes = loader == null ? JettyChannelServer.class.getClassLoader() : loader;
        URL folder = classes.getResource(root);
        if (folder == null) {
            throw new IllegalArgumentException("no class-path folder " + root);
        }
        // Below the pages, as a servlet container does for a WAR's jars, the class path's
        // META-INF/resources/: the WebJars (the browser client at /webjars/channels-js/<version>/index.js)
        // are served at the path they have in an application server.
        ResourceFactory resources = ResourceFactory.of(context);
        List<Resource> roots = new ArrayList<>();
        roots.add(resources.newResource(folder));
        try {
            for (URL jar : Collections.list(classes.getResources("META-INF/resources/"))) {
                roots.add(resources.newResource(jar));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the class path's META-INF/resources/", e);
        }
        context.setBaseResource(ResourceFactory.combine(roots));
        ServletHolder files = new ServletHolder("pages", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("welcomeServlets", "false");
        context.setWelcomeFiles(new String[] {"index.html"});
        context.addServlet(files, "/");
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Jetty did not stop cleanly", e);
        }
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
    public URI channelUri(String channelId) {
        return options.channelUri(port, server.options().basePath(), channelId);
    }

    /** {@code http://<host>:<port>/} ({@code https://} when {@link #isSecure()}): where {@link RunnerOptions#pages()} are served. */
    public URI pageUri() {
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
     * with 1012 spread over the window; {@link ChannelServer#drainAndClose()}), then stops Jetty. Blocks
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

    /** Closes the channel server gracefully (members get a close frame, hooks fire), then stops Jetty. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                reaper.stop();
                stopQuietly(jetty);
            } finally {
                stopped.countDown();
            }
        }
    }
}
