package dev.channels.server;

import java.util.Optional;

/**
 * The server's admission rules for a new connection that are not the application's
 * ({@link HandshakeCheck}): the {@link OriginPolicy}'s same-origin comparison, which needs the
 * {@code Host} header and so cannot be made in {@code checkOrigin}, and the {@link ConnectionLimits},
 * which {@link ChannelRegistry#join} enforces atomically. Immutable.
 */
final class Admission {

    private final OriginPolicy originPolicy;
    private final ConnectionLimits limits;

    Admission(OriginPolicy originPolicy, ConnectionLimits limits) {
        this.originPolicy = originPolicy;
        this.limits = limits;
    }

    /** Why {@code handshake}'s origin is refused (closed with 1008), or empty when it may connect. */
    Optional<String> originRefusal(Handshake handshake) {
        String origin = handshake.header("Origin").orElse(null);
        String host = handshake.header("Host").orElse(null);
        return originPolicy.allows(origin, host) ? Optional.empty() : Optional.of("origin not allowed: " + origin);
    }

    ConnectionLimits limits() {
        return limits;
    }
}
