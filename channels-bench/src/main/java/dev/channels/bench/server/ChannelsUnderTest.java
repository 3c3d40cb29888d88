package dev.channels.bench.server;

import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;

/** The channels server with the bench's handlers. Placeholder until the server lands. */
final class ChannelsUnderTest implements ServerUnderTest {

    static ServerUnderTest create() {
        return new ChannelsUnderTest();
    }

    @Override
    public List<ServerEndpointConfig> endpoints() {
        return List.of();
    }

    @Override
    public Map<String, Long> registrySizes() {
        return Map.of();
    }
}
