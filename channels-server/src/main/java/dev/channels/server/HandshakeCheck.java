package dev.channels.server;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a connection may join: return a reason to refuse it, or empty to let it in.
 * A check that also names the user (for presence) implements {@link #admit} instead, most simply
 * through {@link #admitting}:
 *
 * <pre>{@code
 * HandshakeCheck check = HandshakeCheck.admitting(h -> h.header("X-User")
 *         .map(HandshakeDecision::acceptAs)
 *         .orElse(HandshakeDecision.refuse("who are you?")));
 * }</pre>
 *
 * <p>A check that authenticates (e.g. {@code JwtHandshakeCheck} of channels-auth-jwt, from a signed
 * token) admits with an {@link Identity}, name and roles, through {@link HandshakeDecision#acceptAs(Identity)}:
 * the server stamps its name into {@code userId} and a {@link ChannelAuthorizer} sees its roles.
 *
 * <p>Portability: the Jakarta WebSocket API gives a {@code ServerEndpointConfig.Configurator} no
 * portable way to answer the upgrade request with 401/403 (only {@code checkOrigin} can make the
 * container send 403, and it sees nothing but the Origin header). So a refused connection is
 * completed and then closed at once with 1008 (policy violation) and the reason, before it is
 * registered, sent {@code join.success}, or reported to any hook or presence.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HandshakeCheck {

    /** Lets everyone in. */
    HandshakeCheck ALLOW_ALL = handshake -> Optional.empty();

    /** The reason to refuse {@code handshake}, or empty to accept it. */
    Optional<String> refuse(Handshake handshake);

    /**
     * The full decision: what the server calls. By default {@link #refuse}, with the user id left to
     * the handshake principal.
     */
    default HandshakeDecision admit(Handshake handshake) {
        return refuse(handshake).map(HandshakeDecision::refuse).orElseGet(HandshakeDecision::accept);
    }

    /** A check made of one function that decides, and may assign a user id. */
    static HandshakeCheck admitting(Function<Handshake, HandshakeDecision> decide) {
        Objects.requireNonNull(decide, "decide");
        return new HandshakeCheck() {
            @Override
            public Optional<String> refuse(Handshake handshake) {
                return admit(handshake).refusal();
            }

            @Override
            public HandshakeDecision admit(Handshake handshake) {
                return Objects.requireNonNull(decide.apply(handshake), "the handshake check returned null");
            }
        };
    }
}
