package dev.channels.server;

import jakarta.websocket.server.HandshakeRequest;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;

/**
 * The container's roles of a handshake's principal: {@code HandshakeRequest.isUserInRole} is only
 * valid while the container runs the handshake ({@code modifyHandshake}), so the roles an authorizer
 * looks at ({@link ChannelAuthorizer#roles()}) are asked there, once per connection, and kept in the
 * connection's {@link Identity}. Stateless.
 */
final class PrincipalRoles {

    private static final System.Logger LOG = System.getLogger(PrincipalRoles.class.getName());

    private PrincipalRoles() {
    }

    /** The roles among {@code wanted} that the container says {@code request}'s principal has; empty without a principal. */
    static Set<String> of(HandshakeRequest request, Set<String> wanted) {
        if (wanted.isEmpty() || request.getUserPrincipal() == null) {
            return Set.of();
        }
        Set<String> held = new HashSet<>();
        for (String role : wanted) {
            try {
                if (request.isUserInRole(role)) {
                    held.add(role);
                }
            } catch (RuntimeException e) { // a container that cannot tell: the principal does not get the role
                LOG.log(Level.DEBUG, "isUserInRole(" + role + ") failed", e);
            }
        }
        return Set.copyOf(held);
    }
}
