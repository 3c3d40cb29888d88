package dev.channels.server.standalone;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Set;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container on a plain Grizzly HTTP listener that also serves static files from the
 * class path at {@code /} (the demo's chat page): WebSocket upgrades under the context path go to
 * Tyrus through {@link WebSocketUpgradeFilter}, every other request to a {@link CLStaticHttpHandler}.
 *
 * <p>Tyrus's own Grizzly container can serve static files only from a directory on disk
 * ({@code org.glassfish.tyrus.server.staticContentRoot}), not from a jar, hence this container; it
 * is {@link TlsServerContainer} without TLS and with the page handler.
 *
 * <p>Threads: {@code start} and {@code stop} are called by {@link StandaloneServer} on the caller's
 * thread; {@code server} is written in {@code start} before the listener accepts anything. Grizzly's
 * worker threads serve the files.
 */
final class PageServingContainer extends TyrusServerContainer {

    private static final String LISTENER = "channels-pages";

    private final ClassLoader loader;
    private final String resourceRoot;
    private final TyrusWebSocketEngine engine;
    private volatile String contextPath = "/";
    private volatile HttpServer server;
    private volatile int boundPort = -1;

    /** Serves class-path resources under {@code resourceRoot} (e.g. {@code dev/channels/web/}) at {@code /}. */
    PageServingContainer(ClassLoader loader, String resourceRoot) {
        super((Set<Class<?>>) Set.<Class<?>>of());
        this.loader = loader;
        this.resourceRoot = resourceRoot;
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
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn((l, chain) ->
                chain.add(chain.indexOfType(HttpServerFilter.class), new WebSocketUpgradeFilter(engine, rootPath)));
        http.addListener(listener);
        CLStaticHttpHandler pages = new PageHandler(loader, "/" + resourceRoot);
        pages.setFileCacheEnabled(false); // the demo's files change between builds, never while serving
        http.getServerConfiguration().addHttpHandler(pages, "/");
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

    /** Serves the files; a request with a non-WebSocket {@code Upgrade} header is served as plain HTTP. */
    private static final class PageHandler extends CLStaticHttpHandler {

        PageHandler(ClassLoader loader, String docRoot) {
            super(loader, docRoot);
        }

        @Override
        protected boolean handle(String path, Request request, Response response) throws Exception {
            if (path.contains("..")) {
                return false; // 404, never a parent folder
            }
            // Grizzly drops Content-Type and friends on a request that offers an upgrade (Java's
            // HttpClient offers h2c on every plain request); no upgrade happens here, so keep them
            request.getRequest().setIgnoreContentModifiers(false);
            return super.handle(path, request, response);
        }
    }
}
