package dev.channels.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link HandshakeCheck} decides about a connection: refuse it with a reason, or accept it,
 * optionally as an {@link Identity} (a user id with roles) that replaces the handshake principal's:
 * its name is what presence shows ({@code get.info}, {@code presence.joined},
 * {@link ChannelServer#presence}) and what the server stamps into {@code userId} of the client's
 * frames, its roles what a {@link ChannelAuthorizer} sees. Immutable.
 *
 * @since 0.1.0
 */
public final class HandshakeDecision {

    private static final HandshakeDecision ACCEPT = new HandshakeDecision(null, null);

    private final String refusal;
    private final Identity identity;

    private HandshakeDecision(String refusal, Identity identity) {
        this.refusal = refusal;
        this.identity = identity;
    }

    /** Let the connection in; its user id is the handshake principal's name, or {@code ""}. */
    public static HandshakeDecision accept() {
        return ACCEPT;
    }

    /** Let the connection in as {@code userId}, with no roles ({@code ""}: anonymous). */
    public static HandshakeDecision acceptAs(String userId) {
        return new HandshakeDecision(null, Identity.of(Objects.requireNonNull(userId, "userId")));
    }

    /** Let the connection in as {@code identity} (its name and roles; e.g. from a verified token's claims). */
    public static HandshakeDecision acceptAs(Identity identity) {
        return new HandshakeDecision(null, Objects.requireNonNull(identity, "identity"));
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
        return identity == null ? Optional.empty() : Optional.of(identity.name());
    }

    /** The identity the check assigned, or empty to use the handshake principal's ({@link Handshake#principalIdentity()}). */
    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    @Override
    public String toString() {
        return refusal != null ? "HandshakeDecision[refused: " + refusal + "]"
                : "HandshakeDecision[accepted" + (identity == null ? "" : " as " + identity) + "]";
    }
}
