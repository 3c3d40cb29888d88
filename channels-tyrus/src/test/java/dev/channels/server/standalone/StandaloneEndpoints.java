package dev.channels.server.standalone;

import dev.channels.server.ChannelServer;
import dev.channels.testkit.TyrusTestServer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Endpoint configurations on the standalone runner ({@link StandaloneServer}), deployed beside the
 * channel endpoint of an otherwise idle channel server: the endpoints get the runner's connection
 * handling and may use its raw frame writers ({@link StandaloneServer#rawFrameWriters()}). The
 * counterpart of channels-testkit's {@link TyrusTestServer#start} (Tyrus's own container).
 */
public final class StandaloneEndpoints {

    private StandaloneEndpoints() {
    }

    /** Starts the runner on a free port with {@code configs}. */
    public static TyrusTestServer start(ServerEndpointConfig... configs) throws Exception {
        StandaloneServer running = StandaloneServer.start(ChannelServer.builder().build(), 0,
                dev.channels.server.RunnerOptions.defaults(), List.of(configs));
        return TyrusTestServer.of(running.port(), running::close);
    }
}
