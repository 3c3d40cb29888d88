package dev.channels.client;

import jakarta.websocket.ClientEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Adds the join's headers to the opening handshake, the portable way. Immutable. */
final class HandshakeHeaders extends ClientEndpointConfig.Configurator {

    private final Map<String, List<String>> headers;

    HandshakeHeaders(Map<String, List<String>> headers) {
        this.headers = headers;
    }

    @Override
    public void beforeRequest(Map<String, List<String>> request) {
        headers.forEach((name, values) -> request.put(name, new ArrayList<>(values)));
    }
}
