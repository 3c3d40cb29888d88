package dev.channels.cdi.lifecycle;

import dev.channels.server.Recovery;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * A client joined a channel: fired after its {@code join.success} was queued (the seed's server hook).
 * Fired once synchronously ({@code @Observes}, on the connection's thread: keep it short) and once
 * asynchronously ({@code @ObservesAsync}, on the container's async executor); each observer runs
 * exactly once. A failing observer is logged and does not affect the connection.
 *
 * @param clientId  the id the server gave the connection
 * @param channelId the channel
 * @param principal the authenticated user of the handshake, or {@code null} when unknown
 * @param userId    what presence shows for it: the handshake check's user id, else the principal's name, else {@code ""}
 * @param recovery  whether it asked to recover missed messages ({@code since}/{@code epoch}) and got them
 *
 * @since 0.1.0
 */
public record ClientJoined(String clientId, String channelId, Principal principal, String userId, Recovery recovery) {

    /** Validates. */
    public ClientJoined {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(recovery, "recovery");
    }

    /** A plain join (kept for source compatibility). */
    public ClientJoined(String clientId, String channelId, Principal principal) {
        this(clientId, channelId, principal, principal == null ? "" : principal.getName(), Recovery.NOT_REQUESTED);
    }

    /** Whether this join asked for recovery and every missed message was replayed. */
    public boolean recovered() {
        return recovery == Recovery.RECOVERED;
    }

    /** The authenticated user of the handshake, when the container knows one. */
    public Optional<Principal> userPrincipal() {
        return Optional.ofNullable(principal);
    }
}
