package dev.channels.bench.server;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands Tyrus the bench's programmatic endpoints. Tyrus instantiates this class by reflection,
 * so the configurations are set once, before the server starts, through {@link #deploy(List)}.
 */
public final class BenchApplication implements ServerApplicationConfig {

    private static volatile List<ServerEndpointConfig> configs = List.of();

    static void deploy(List<ServerEndpointConfig> endpoints) {
        configs = List.copyOf(endpoints);
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return new HashSet<>(configs);
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
