package dev.channels.server;

import java.util.Set;

/**
 * Decides, per channel, what an identity may do there (docs/protocol.md "Authorization"): join,
 * publish a message of a type, read presence ({@code get.info}), read history ({@code get.history}).
 * Set one with {@link ChannelServer.Builder#authorizer}; without one everything is allowed. For the
 * common cases (channel name patterns, required roles, authenticated users only, members only) build
 * one with {@link ChannelRules}:
 *
 * <pre>{@code
 * ChannelServer.builder()
 *         .authorizer(ChannelRules.builder()
 *                 .on("private-*").authenticated()
 *                 .on("admin-*").anyRole("admin")
 *                 .build())
 * }</pre>
 *
 * <p>Where the server asks: a channel connection's join right after its {@link HandshakeCheck}
 * admitted it (denied: closed with 1008 and the reason, never registered, no hook fired); every
 * client frame before its handler or broadcast-and-await lookup (denied: an error envelope with
 * {@code errCode} {@code "403"} to the sender, the frame is not handled); {@code get.info} and
 * {@code get.history} before they are answered ({@code "403"} likewise).
 *
 * <p>Threads: called on the container thread that opened the connection or read the frame, once per
 * frame, so it must be fast and must not block on I/O; it may be called concurrently for different
 * connections. An authorizer that throws denies (logged at WARNING: it is the application's bug).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ChannelAuthorizer {

    /** Allows everything: the default. */
    ChannelAuthorizer ALLOW_ALL = request -> AuthorizationDecision.allow();

    /** Decides {@code request}. */
    AuthorizationDecision authorize(AuthorizationRequest request);

    /**
     * The container roles this authorizer looks at. In an application server the roles of the
     * principal are only known during the handshake ({@code HandshakeRequest.isUserInRole}), so the
     * server asks the container about each of these then, and the {@link Identity} of the connection
     * holds those the user has. An authorizer that checks container roles must list them here
     * ({@link ChannelRules} does); identities a {@link HandshakeCheck} admitted carry their own roles.
     */
    default Set<String> roles() {
        return Set.of();
    }
}
