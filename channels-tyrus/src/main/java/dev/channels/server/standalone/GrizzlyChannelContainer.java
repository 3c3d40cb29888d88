package dev.channels.server.standalone;

import dev.channels.server.RunnerOptions;
import dev.channels.server.OriginPolicy;
import dev.channels.server.RateLimit;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpProbe;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.http.util.HttpUtils;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container on a Grizzly listener that we configure ourselves: bind address, TLS
 * ({@code wss://}) when asked, Tyrus's incoming buffer sized to the maximum message size, error pages
 * that name no server or version, the hardening of {@link WebSocketUpgradeFilter}, and static files
 * from the class path at {@code /} when asked ({@link ClassPathPages}).
 *
 * <p>Tyrus 2.1's own Grizzly container ({@code GrizzlyServerContainer}) builds its {@code HttpServer}
 * inside {@code start} on {@code 0.0.0.0}, with no property for TLS, the host, or any of the above,
 * so this class does what it does with those differences. The WebSocket upgrade is handled by
 * {@link WebSocketUpgradeFilter}, inserted before Grizzly's HTTP server filter where Tyrus's
 * (package-private) {@code WebSocketAddOn} puts its own filter.
 *
 * <p>Threads: {@code start} and {@code stop} are called by {@link StandaloneServer} on the caller's
 * thread; {@code server} is written in {@code start} before the listener accepts anything.
 */
final class GrizzlyChannelContainer extends TyrusServerContainer {

    private static final String LISTENER = "channels";

    /** Error pages with the status only: no server name, version or stack trace. */
    private static final ErrorPageGenerator PLAIN_ERROR_PAGE = (request, status, reasonPhrase, description, error) ->
            "<!DOCTYPE html><html><head><title>" + status + "</title></head><body><h1>" + status + " "
                    + HttpUtils.filter(reasonPhrase) + "</h1></body></html>";

    /**
     * Grizzly's HTTP codec reads a request line as method, target up to the first space, and protocol:
     * {@code GET /ws/a b HTTP/1.1} has the protocol {@code b HTTP/1.1}, which it answers with 505
     * (HTTP version not supported). A space in the target makes the request line malformed (RFC 9112
     * 3): that is 400, as the docs say and the Jetty runner answers. The codec tells its probes of the
     * error just before it writes the error response with the status set so far; this one turns such a
     * 505 into 400; a request line that does end in a version keeps whatever Grizzly answers. Stateless.
     */
    private static final HttpProbe MALFORMED_REQUEST_LINE = new HttpProbe.Adapter() {
        @Override
        public void onErrorEvent(org.glassfish.grizzly.Connection connection, HttpPacket packet, Throwable error) {
            if (packet instanceof HttpRequestPacket request && request.getResponse() != null
                    && request.getResponse().getStatus() == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505.getStatusCode()
                    && !VERSION.matcher(request.getProtocolDC().toString()).matches()) {
                HttpStatus.BAD_REQUEST_400.setValues(request.getResponse());
            }
        }
    };
    /** What the request line ends with, as read (the parsed protocol is reset to HTTP/1.1 on the error). */
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("HTTP/\\d+(\\.\\d+)?");

    private final RunnerOptions options;
    private final int maxMessageSize;
    private final OriginPolicy originPolicy;
    private final java.util.function.BooleanSupplier draining;
    private final RateLimit pingLimit;
    private final TyrusWebSocketEngine engine;
    private final ConnectionReaper reaper;
    private volatile String contextPath = "/";
    private volatile HttpServer server;
    private volatile int boundPort = -1;

    /**
     * A container for {@code options}, whose endpoints accept messages of at most {@code maxMessageSize}
     * bytes from pages {@code originPolicy} allows, and at most {@code pingLimit} pings ({@link FrameGuard}).
     */
    GrizzlyChannelContainer(RunnerOptions options, int maxMessageSize, OriginPolicy originPolicy, RateLimit pingLimit) {
        this(options, maxMessageSize, originPolicy, pingLimit, () -> false);
    }

    /** As above; while {@code draining} says so, handshakes are answered 503 (the server drains for a restart). */
    GrizzlyChannelContainer(RunnerOptions options, int maxMessageSize, OriginPolicy originPolicy, RateLimit pingLimit,
                            java.util.function.BooleanSupplier draining) {
        super((Set<Class<?>>) Set.<Class<?>>of());
        this.draining = draining;
        this.options = options;
        this.maxMessageSize = maxMessageSize;
        this.originPolicy = originPolicy;
        this.pingLimit = pingLimit;
        // the frame guard refuses larger frames at their header; Tyrus then never needs more than this
        int incomingBuffer = maxMessageSize + FrameGuard.MAX_HEADER + WebSocketUpgradeFilter.READ_SLICE;
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBuffer).build();
        this.reaper = new ConnectionReaper(options.handshakeTimeout(), options.closeGrace());
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    /** Tyrus's scheduler without the no-op idle check per inbound message ({@link NoIdleTimeoutScheduler}). */
    private final java.util.concurrent.ScheduledExecutorService scheduler =
            new NoIdleTimeoutScheduler(super::getScheduledExecutorService);

    /** What Tyrus's sessions of this container schedule on: Tyrus's scheduler, less the no-op idle checks. */
    @Override
    public java.util.concurrent.ScheduledExecutorService getScheduledExecutorService() {
        return scheduler;
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        this.contextPath = rootPath;
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener(LISTENER, options.host(), port);
        options.tls().ifPresent(tls -> secure(listener, tls));
        // with eventLoopReads, reads of upgraded WebSocket connections on the selector thread, the rest (HTTP,
        // TLS and WebSocket handshakes) on workers: why, with the measured figures, in UpgradedReadsOnSelector.
        // Grizzly's default counts stay (selector threads = cores, its default worker pool): four selector
        // threads on 2 cores did no better, and the workers now serve handshakes and closes only
        // (RunnerOptions.eventLoopReads; off: every read on a worker, as Grizzly's WorkerThreadIOStrategy does)
        listener.getTransport().setIOStrategy(options.eventLoopReads()
                ? new UpgradedReadsOnSelector() : WorkerThreadIOStrategy.getInstance());
        // Grizzly's idle timeout would also cut idle WebSocket connections; the reaper and the
        // server's heartbeat bound them instead
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.setDefaultErrorPageGenerator(PLAIN_ERROR_PAGE);
        listener.registerAddOn((l, chain) -> {
            // Grizzly's HttpServer always adds an IdleTimeoutFilter (after the HTTP codec). It puts every
            // accepted connection into its delay queue and takes it out only when the close passes through
            // the filter; an upgraded connection closes on UpgradedConnectionFilter's chain, which has no
            // such filter, so each one stayed in that queue for ever, with everything it referenced
            // (issue 20: ~3-16 KB per ended connection). With the idle timeout off (above) the filter never
            // times anything out, so it goes; the reaper bounds connections that do not upgrade.
            int idle = chain.indexOfType(IdleTimeoutFilter.class);
            if (idle >= 0) {
                chain.remove(idle);
            }
            int codec = chain.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
            if (codec >= 0) {
                ((org.glassfish.grizzly.http.HttpServerFilter) chain.get(codec)).getMonitoringConfig()
                        .addProbes(MALFORMED_REQUEST_LINE);
            }
            chain.add(chain.indexOfType(HttpServerFilter.class),
                    new WebSocketUpgradeFilter(engine, rootPath, maxMessageSize, originPolicy, pingLimit, reaper, draining));
        });
        http.addListener(listener);
        http.getServerConfiguration().setDefaultErrorPageGenerator(PLAIN_ERROR_PAGE);
        options.pages().ifPresent(root -> http.getServerConfiguration().addHttpHandler(ClassPathPages.of(root), "/"));
        this.server = http;
        http.start();
        boundPort = listener.getPort();
        super.start(rootPath, boundPort); // registers the endpoints added so far with the engine
    }

    private static void secure(NetworkListener listener, SSLContext sslContext) {
        listener.setSecure(true);
        // server mode, no client certificates
        listener.setSSLEngineConfig(new SSLEngineConfigurator(sslContext, false, false, false));
    }

    @Override
    public int getPort() {
        return boundPort;
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            reaper.close();
            HttpServer http = server;
            if (http != null) {
                http.shutdownNow();
            }
        }
    }
}
