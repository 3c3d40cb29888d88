package dev.channels.testing;

import dev.channels.server.ChannelServer;
import dev.channels.testkit.TyrusTestServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The default {@link TestRunner}: the server's portable endpoint configuration ({@link
 * ChannelServer#endpointConfig()}) on a plain Tyrus container ({@link TyrusTestServer}), so that the
 * server's and the client's tests run on no runner code of this project; TLS through a TLS front.
 */
public final class PortableTestRunner implements TestRunner {

    @Override
    public Running start(ChannelServer server, int port) throws IOException {
        return wrap(server, TyrusTestServer.start(port, endpoints(server)));
    }

    @Override
    public Running startTls(ChannelServer server, int port, SSLContext tls) throws IOException {
        return wrap(server, TyrusTestServer.startTls(tls, port, endpoints(server)));
    }

    /** Unsupported: a handshake deadline and a close grace are a runner's (the shared suite tests them). */
    @Override
    public Running start(ChannelServer server, int port, Duration handshakeTimeout, Duration closeGrace) {
        throw new UnsupportedOperationException("the portable runner has no handshake deadline or close grace");
    }

    @Override
    public String name() {
        return "portable";
    }

    /** The channel endpoint and, when sessions are on, the session endpoint at {@code {base}}. */
    private static jakarta.websocket.server.ServerEndpointConfig[] endpoints(ChannelServer server) {
        java.util.List<jakarta.websocket.server.ServerEndpointConfig> all = new java.util.ArrayList<>();
        all.add(server.endpointConfig());
        server.sessionEndpointConfig().ifPresent(all::add);
        return all.toArray(jakarta.websocket.server.ServerEndpointConfig[]::new);
    }

    private static Running wrap(ChannelServer server, TyrusTestServer container) {
        return new Started(container.port(), server,
                channelId -> URI.create(container.uri(server.options().basePath() + "/" + channelId)),
                container.isSecure(), () -> {
                    try {
                        server.close();
                    } finally {
                        container.close();
                    }
                });
    }
}
