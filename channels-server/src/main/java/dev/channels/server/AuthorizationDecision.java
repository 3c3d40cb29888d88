package dev.channels.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ChannelAuthorizer} decides: allow, or deny with a reason the client is told (in the
 * {@code 403} error envelope's description, or the close reason of a refused join). Immutable.
 *
 * @since 0.1.0
 */
public final class AuthorizationDecision {

    private static final AuthorizationDecision ALLOW = new AuthorizationDecision(null);

    private final String denial;

    private AuthorizationDecision(String denial) {
        this.denial = denial;
    }

    /** Allows the operation. */
    public static AuthorizationDecision allow() {
        return ALLOW;
    }

    /** Denies the operation, telling the client {@code reason} (keep it short: a close reason holds 123 bytes). */
    public static AuthorizationDecision deny(String reason) {
        return new AuthorizationDecision(Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the operation is allowed. */
    public boolean allowed() {
        return denial == null;
    }

    /** Why it was denied, or empty when allowed. */
    public Optional<String> denial() {
        return Optional.ofNullable(denial);
    }

    @Override
    public String toString() {
        return denial == null ? "AuthorizationDecision[allowed]" : "AuthorizationDecision[denied: " + denial + "]";
    }
}
