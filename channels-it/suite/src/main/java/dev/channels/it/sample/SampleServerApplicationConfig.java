package dev.channels.it.sample;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;

/**
 * Deploys {@link ProgrammaticEchoEndpoint} at {@value ProgrammaticEchoEndpoint#PATH} and keeps every
 * scanned annotated endpoint (so {@link EchoEndpoint} stays deployed): the shape the real library's
 * programmatic registration will take in a WAR.
 */
public class SampleServerApplicationConfig implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
        return Set.of(ServerEndpointConfig.Builder
                .create(ProgrammaticEchoEndpoint.class, ProgrammaticEchoEndpoint.PATH)
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
