package dev.channels.transport;

import dev.channels.server.standalone.StandaloneServer;
import dev.channels.server.standalone.StandaloneEndpoints;
import dev.channels.testkit.TyrusTestServer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Every {@link SessionWriterTest} again on the standalone runner with its raw frames: the writers put
 * pre-encoded frames straight into Grizzly's write queue (several queued ones joined in one write),
 * and order, pings, closes, bounds, slow readers and vanished peers behave the same.
 */
class RawFramesSessionWriterTest extends SessionWriterTest {

    @Override
    RawFrameWriter.Factory rawFrames() {
        return StandaloneServer.rawFrameWriters();
    }

    @Override
    TyrusTestServer start(ServerEndpointConfig config) throws Exception {
        return StandaloneEndpoints.start(config);
    }
}
