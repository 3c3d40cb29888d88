package dev.channels.server.standalone;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container on a Grizzly listener that speaks TLS ({@code wss://}).
 *
 * <p>Tyrus 2.1's own Grizzly container ({@code GrizzlyServerContainer}) builds its {@code HttpServer}
 * inside {@code start} and has no property for TLS, so this class does what it does with one
 * difference: the network listener is secure, with an {@link SSLEngineConfigurator} built from the
 * caller's {@link SSLContext}. The WebSocket upgrade is handled by {@link WebSocketUpgradeFilter},
 * inserted before Grizzly's HTTP server filter where Tyrus's (package-private) {@code WebSocketAddOn}
 * puts its own filter.
 *
 * <p>Threads: {@code start} and {@code stop} are called by {@link StandaloneServer} on the caller's
 * thread; {@code server} is written in {@code start} before the listener accepts anything.
 */
final class TlsServerContainer extends TyrusServerContainer {

    private static final String LISTENER = "channels-tls";

    private final SSLContext sslContext;
    private final TyrusWebSocketEngine engine;
    private volatile String contextPath = "/";
    private volatile HttpServer server;
    private volatile int boundPort = -1;

    TlsServerContainer(SSLContext sslContext) {
        super((Set<Class<?>>) Set.<Class<?>>of());
        this.sslContext = sslContext;
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        this.contextPath = rootPath;
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener(LISTENER, "0.0.0.0", port);
        listener.setSecure(true);
        // server mode, no client certificates
        listener.setSSLEngineConfig(new SSLEngineConfigurator(sslContext, false, false, false));
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn((l, chain) ->
                chain.add(chain.indexOfType(HttpServerFilter.class), new WebSocketUpgradeFilter(engine, rootPath)));
        http.addListener(listener);
        this.server = http;
        http.start();
        boundPort = listener.getPort();
        super.start(rootPath, boundPort); // registers the endpoints added so far with the engine
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
            HttpServer http = server;
            if (http != null) {
                http.shutdownNow();
            }
        }
    }
}
