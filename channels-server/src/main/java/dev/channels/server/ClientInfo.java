package dev.channels.server;

import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection as the server hooks see it.
 *
 * @param clientId  the id the server gave the connection
 * @param channelId the channel it joined
 * @param principal the authenticated user of its handshake, or {@code null}
 * @param userId    what presence shows: the handshake check's user id, else the principal's name, else {@code ""}
 * @param joinedAt  when it joined
 * @param recovery  what became of its recovery request
 *
 * @since 0.1.0
 */
public record ClientInfo(String clientId, String channelId, Principal principal, String userId, Instant joinedAt,
                         Recovery recovery) {

    /** Validates the values. */
    public ClientInfo {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(recovery, "recovery");
    }

    /** A plain join now, with the principal's name as user id (kept for source compatibility). */
    public ClientInfo(String clientId, String channelId, Principal principal) {
        this(clientId, channelId, principal, principal == null ? "" : principal.getName(), Instant.now(),
                Recovery.NOT_REQUESTED);
    }

    /** The user principal, when the container knows one. */
    public Optional<Principal> userPrincipal() {
        return Optional.ofNullable(principal);
    }

    /** Whether this join asked for recovery and got every missed message. */
    public boolean recovered() {
        return recovery == Recovery.RECOVERED;
    }
}
