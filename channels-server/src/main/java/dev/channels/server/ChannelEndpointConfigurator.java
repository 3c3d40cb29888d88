package dev.channels.server;

import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out one {@link ChannelEndpoint} per connection, bound to its server, and captures the
 * handshake. The captured headers travel in the endpoint config's user properties: containers give
 * {@code modifyHandshake} and {@code onOpen} a per-connection copy of that map (Jakarta WebSocket
 * 2.1 made this explicit; Tomcat, Jetty, Undertow and Tyrus do it), which is the only portable
 * channel from the handshake to the session. Query parameters, path and principal are read from
 * the session, where the API provides them.
 */
final class ChannelEndpointConfigurator extends ServerEndpointConfig.Configurator {

    static final String HEADERS_KEY = "dev.channels.handshake.headers";
    static final String CHANNEL_PARAM = "channelId";

    private final ChannelServer server;

    ChannelEndpointConfigurator(ChannelServer server) {
        this.server = server;
    }

    /** Refuses, with 403 before the upgrade, an origin that the server's policy refuses whatever the Host. */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return server.originPolicy().mayAllow(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> {
            if (name != null) {
                headers.put(name, values == null ? List.of() : List.copyOf(values));
            }
        });
        config.getUserProperties().put(HEADERS_KEY, headers);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (!endpointClass.isAssignableFrom(ChannelEndpoint.class)) {
            throw new InstantiationException("this configurator only creates " + ChannelEndpoint.class.getName());
        }
        return endpointClass.cast(new ChannelEndpoint(server));
    }

    @SuppressWarnings("unchecked")
    static Handshake handshakeOf(Session session, EndpointConfig config) {
        Object headers = config.getUserProperties().get(HEADERS_KEY);
        Map<String, List<String>> headerMap = headers instanceof Map<?, ?> m ? (Map<String, List<String>>) m : Map.of();
        String channelId = session.getPathParameters().getOrDefault(CHANNEL_PARAM, "");
        return new Handshake(channelId, headerMap, session.getRequestParameterMap(), session.getUserPrincipal());
    }
}
