package dev.channels.redis;

import dev.channels.server.ChannelServer;
import dev.channels.server.ServerListener;
import dev.channels.server.ServerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/** One server node for a test: a {@link ChannelServer} on its own Tyrus/Grizzly container on a free port. */
final class ClusterNode implements AutoCloseable {

    final ChannelServer server;
    private final ServerContainer container;
    private final int port;

    private ClusterNode(ChannelServer server, ServerContainer container, int port) {
        this.server = server;
        this.container = container;
        this.port = port;
    }

    /**
     * A node of the chat cluster tests on the Redis at {@code redisUri}: the engine notices a lost Redis
     * within a second and reconnects at most a second apart, channels keep 1,000 messages, and its
     * {@code chat} handler sends each message on to the channel as it came; {@code listener} hears its
     * joins and leaves.
     */
    static ClusterNode chat(String redisUri, ServerListener listener) throws Exception {
        return start(ChannelServer.builder()
                .engine(RedisEngine.builder().uri(redisUri).heartbeat(Duration.ofSeconds(1))
                        .maxReconnectDelay(Duration.ofSeconds(1)).build())
                .options(ServerOptions.builder().historySize(1_000).historyTtl(Duration.ofMinutes(5)).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .listener(listener)
                .build());
    }

    static ClusterNode start(ChannelServer server) throws Exception {
        return start(server, 0);
    }

    /** Starts {@code server} on {@code port} (0: a free one), e.g. again on a restarted node's port. */
    static ClusterNode start(ChannelServer server, int port) throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        container.addEndpoint(server.endpointConfig());
        if (server.sessionEndpointConfig().isPresent()) { // sessions at {base}, as the runners serve them
            container.addEndpoint(server.sessionEndpointConfig().get());
        }
        container.start("/", port);
        return new ClusterNode(server, container, ((TyrusServerContainer) container).getPort());
    }

    /** The base URI clients join under: {@code ws://127.0.0.1:port/ws}. */
    URI base() {
        return URI.create("ws://127.0.0.1:" + port + server.options().basePath());
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    /** The graceful stop of a rolling restart: drains over the server's drain window, then closes. */
    void shutdown() {
        try {
            server.drainAndClose();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        server.close();
        container.stop();
    }
}
