package dev.channels.testing;

import dev.channels.server.ChannelServer;
import dev.channels.server.standalone.StandaloneServer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * A Tyrus (Grizzly) server on an ephemeral localhost port serving the given endpoint configs: Tyrus's
 * own container ({@link #start}) or the channels standalone runner ({@link #standalone}).
 */
public final class TyrusTestServer implements AutoCloseable {

    private final Runnable stop;
    private final int port;

    private TyrusTestServer(Runnable stop, int port) {
        this.stop = stop;
        this.port = port;
    }

    /** Starts Tyrus's own Grizzly container with {@code configs} under context path "/". */
    public static TyrusTestServer start(ServerEndpointConfig... configs) throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        for (ServerEndpointConfig config : configs) {
            container.addEndpoint(config);
        }
        container.start("/", 0);
        int port = ((org.glassfish.tyrus.server.TyrusServerContainer) container).getPort();
        return new TyrusTestServer(container::stop, port);
    }

    /**
     * Starts the standalone runner ({@link StandaloneServer}) with {@code configs} deployed beside the
     * channel endpoint of an otherwise idle channel server: the endpoints get the runner's connection
     * handling and may use its raw frame writers ({@link StandaloneServer#rawFrameWriters()}).
     */
    public static TyrusTestServer standalone(ServerEndpointConfig... configs) throws Exception {
        StandaloneServer running = StandaloneServer.start(ChannelServer.builder().build(), 0,
                dev.channels.server.RunnerOptions.defaults(), List.of(configs));
        return new TyrusTestServer(running::close, running.port());
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** {@code ws://localhost:port} + {@code path}. */
    public String uri(String path) {
        return "ws://localhost:" + port + path;
    }

    @Override
    public void close() {
        stop.run();
    }
}
