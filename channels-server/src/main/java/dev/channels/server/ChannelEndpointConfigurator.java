package dev.channels.server;

import dev.channels.transport.RawFrameWriter;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hands out one {@link ChannelEndpoint} per connection, bound to its server, and captures the
 * handshake. The captured headers travel in the endpoint config's user properties: containers give
 * {@code modifyHandshake} and {@code onOpen} a per-connection copy of that map (Jakarta WebSocket
 * 2.1 made this explicit; Tomcat, Jetty, Undertow and Tyrus do it), which is the only portable
 * channel from the handshake to the session. Query parameters, path and principal are read from
 * the session, where the API provides them. The headers are copied once, into the compact map the
 * connection keeps ({@link Handshake#frozen}), and taken out of the user properties in
 * {@code onOpen}, so an idle connection holds one copy of its handshake headers, not three.
 */
final class ChannelEndpointConfigurator extends ServerEndpointConfig.Configurator {

    static final String HEADERS_KEY = "dev.channels.handshake.headers";
    static final String CHANNEL_PARAM = "channelId";
    static final String ROLES_KEY = "dev.channels.handshake.roles";

    private final ChannelServer server;
    private final ArrivalClock arrivals;
    private final RawFrameWriter.Factory rawFrames;
    /** Whether this registration is the session endpoint ({@code {base}}), not {@code {base}/{channelId}}. */
    private final boolean sessions;

    ChannelEndpointConfigurator(ChannelServer server, ArrivalClock arrivals, RawFrameWriter.Factory rawFrames,
                                boolean sessions) {
        this.server = server;
        this.arrivals = arrivals;
        this.rawFrames = rawFrames;
        this.sessions = sessions;
    }

    /** Refuses, with 403 before the upgrade, an origin that the server's policy refuses whatever the Host. */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return server.options().originPolicy().mayAllow(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().put(HEADERS_KEY, Handshake.frozen(request.getHeaders()));
        config.getUserProperties().put(ROLES_KEY, PrincipalRoles.of(request, server.authorizer().roles()));
    }

    /**
     * The first requested subprotocol the endpoint supports, else none, as the Jakarta WebSocket API
     * defines it; not delegated to the container's default configurator, which the API finds with a
     * {@link java.util.ServiceLoader}: with two WebSocket implementations on one class path (the demo
     * has both runners) that can be the other container's.
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.stream().filter(supported::contains).findFirst().orElse("");
    }

    /**
     * The requested extensions the container has installed, in the requested order, one per name, as
     * the Jakarta WebSocket API defines it. Not delegated to the container's default configurator
     * (found with a {@link java.util.ServiceLoader}): Jetty's returns every requested extension and
     * leaves the check to Jetty, so when the ServiceLoader found Jetty's first, Tyrus accepted
     * permessage-deflate, which it does not implement, and every browser's handshake failed.
     */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> negotiated = new ArrayList<>();
        for (Extension extension : requested) {
            String name = extension.getName();
            if (installed.stream().anyMatch(e -> e.getName().equals(name))
                    && negotiated.stream().noneMatch(e -> e.getName().equals(name))) {
                negotiated.add(extension);
            }
        }
        return negotiated;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (!endpointClass.isAssignableFrom(ChannelEndpoint.class)) {
            throw new InstantiationException("this configurator only creates " + ChannelEndpoint.class.getName());
        }
        return endpointClass.cast(new ChannelEndpoint(server, arrivals, rawFrames, sessions));
    }

    /**
     * The handshake of a session being opened. Takes the headers out of the user properties (the
     * config's, and the session's copy of them), so that the connection's own copy is the only one.
     */
    @SuppressWarnings("unchecked")
    static Handshake handshakeOf(Session session, EndpointConfig config) {
        Object headers = config.getUserProperties().remove(HEADERS_KEY);
        Object sessionCopy = session.getUserProperties().remove(HEADERS_KEY);
        if (headers == null) {
            headers = sessionCopy;
        }
        Map<String, List<String>> headerMap = headers instanceof Map<?, ?> m ? (Map<String, List<String>>) m : Map.of();
        Object roles = config.getUserProperties().remove(ROLES_KEY);
        Object sessionRoles = session.getUserProperties().remove(ROLES_KEY);
        if (roles == null) {
            roles = sessionRoles;
        }
        java.util.Set<String> roleSet = roles instanceof java.util.Set<?> r ? (java.util.Set<String>) r : java.util.Set.of();
        String channelId = session.getPathParameters().getOrDefault(CHANNEL_PARAM, "");
        return new Handshake(channelId, headerMap, session.getRequestParameterMap(), session.getUserPrincipal(), roleSet);
    }
}
