package dev.channels.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link HandshakeCheck} decides about a connection: refuse it with a reason, or accept it,
 * optionally as a user id that presence shows ({@code get.info}, {@code presence.joined},
 * {@link ChannelServer#presence}) in place of the handshake principal's name. Immutable.
 *
 * @since 0.1.0
 */
public final class HandshakeDecision {

    private static final HandshakeDecision ACCEPT = new HandshakeDecision(null, null);

    private final String refusal;
    private final String userId;

    private HandshakeDecision(String refusal, String userId) {
        this.refusal = refusal;
        this.userId = userId;
    }

    /** Let the connection in; its user id is the handshake principal's name, or {@code ""}. */
    public static HandshakeDecision accept() {
        return ACCEPT;
    }

    /** Let the connection in as {@code userId}. */
    public static HandshakeDecision acceptAs(String userId) {
        return new HandshakeDecision(null, Objects.requireNonNull(userId, "userId"));
    }

    /** Refuse the connection (closed with 1008 and {@code reason}). */
    public static HandshakeDecision refuse(String reason) {
        return new HandshakeDecision(Objects.requireNonNull(reason, "reason"), null);
    }

    /** The reason to refuse, or empty when accepted. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The user id the check assigned, or empty to use the handshake principal's name. */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    @Override
    public String toString() {
        return refusal != null ? "HandshakeDecision[refused: " + refusal + "]"
                : "HandshakeDecision[accepted" + (userId == null ? "" : " as " + userId) + "]";
    }
}
