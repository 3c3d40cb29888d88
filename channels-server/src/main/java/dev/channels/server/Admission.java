package dev.channels.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link HandshakeCheck} decides about a connection: refuse it with a reason, or accept it,
 * optionally as a user id that presence shows ({@code get.info}, {@code presence.joined},
 * {@link ChannelServer#presence}) in place of the handshake principal's name. Immutable.
 */
public final class Admission {

    private static final Admission ACCEPT = new Admission(null, null);

    private final String refusal;
    private final String userId;

    private Admission(String refusal, String userId) {
        this.refusal = refusal;
        this.userId = userId;
    }

    /** Let the connection in; its user id is the handshake principal's name, or {@code ""}. */
    public static Admission accept() {
        return ACCEPT;
    }

    /** Let the connection in as {@code userId}. */
    public static Admission acceptAs(String userId) {
        return new Admission(null, Objects.requireNonNull(userId, "userId"));
    }

    /** Refuse the connection (closed with 1008 and {@code reason}). */
    public static Admission refuse(String reason) {
        return new Admission(Objects.requireNonNull(reason, "reason"), null);
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
        return refusal != null ? "Admission[refused: " + refusal + "]"
                : "Admission[accepted" + (userId == null ? "" : " as " + userId) + "]";
    }
}
