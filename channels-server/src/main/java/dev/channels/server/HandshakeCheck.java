package dev.channels.server;

import java.util.Optional;

/**
 * Decides whether a connection may join: return a reason to refuse it, or empty to let it in.
 *
 * <p>Portability: the Jakarta WebSocket API gives a {@code ServerEndpointConfig.Configurator} no
 * portable way to answer the upgrade request with 401/403 (only {@code checkOrigin} can make the
 * container send 403, and it sees nothing but the Origin header). So a refused connection is
 * completed and then closed at once with 1008 (policy violation) and the reason, before it is
 * registered, sent {@code join.success}, or reported to any hook. Containers that must answer
 * with an HTTP status can do so in a servlet filter in front of the endpoint.
 */
@FunctionalInterface
public interface HandshakeCheck {

    /** Lets everyone in. */
    HandshakeCheck ALLOW_ALL = handshake -> Optional.empty();

    /** The reason to refuse {@code handshake}, or empty to accept it. */
    Optional<String> refuse(Handshake handshake);
}
