package dev.channels.server;

import java.security.Principal;
import java.util.Optional;

/**
 * A connection as the server hooks see it.
 *
 * @param clientId  the id the server gave the connection
 * @param channelId the channel it joined
 * @param principal the authenticated user of its handshake, or {@code null}
 */
public record ClientInfo(String clientId, String channelId, Principal principal) {

    /** The user principal, when the container knows one. */
    public Optional<Principal> userPrincipal() {
        return Optional.ofNullable(principal);
    }
}
