package dev.channels.cdi.lifecycle;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * A client left a channel: its connection closed, for whatever reason (the seed's server hook).
 * Fired once synchronously ({@code @Observes}, on the connection's thread: keep it short) and once
 * asynchronously ({@code @ObservesAsync}, on the container's async executor); each observer runs
 * exactly once. A failing observer is logged and does not affect the connection.
 *
 * @param clientId  the id the server gave the connection
 * @param channelId the channel
 * @param principal the authenticated user of the handshake, or {@code null} when unknown
 *
 * @since 0.1.0
 */
public record ClientLeft(String clientId, String channelId, Principal principal) {

    /** Validates. */
    public ClientLeft {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(channelId, "channelId");
    }

    /** The authenticated user of the handshake, when the container knows one. */
    public Optional<Principal> userPrincipal() {
        return Optional.ofNullable(principal);
    }
}
