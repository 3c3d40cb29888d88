package dev.channels.bench.server;

import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;

/** The channels server as the bench deploys it: its endpoints and the sizes of its registries. */
interface ServerUnderTest {

    /** The endpoints to deploy beside the raw ones (the channels endpoint at {@code /ws/{channel}}). */
    List<ServerEndpointConfig> endpoints();

    /** Registry sizes by name (e.g. {@code channels}, {@code connections}); must be 0 when nobody is connected. */
    Map<String, Long> registrySizes();
}
