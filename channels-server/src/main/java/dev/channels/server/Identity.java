package dev.channels.server;

import java.security.Principal;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Who a connection is, as its handshake admitted it: a name and roles. The name is what the server
 * stamps into {@code userId} of every frame it relays from that client and what presence shows;
 * {@code ""} is the anonymous identity, which has no roles. It comes from the identity a
 * {@link HandshakeCheck} admitted ({@link HandshakeDecision#acceptAs(Identity)}, e.g. the claims of a
 * signed token), else from the container's principal, whose roles are those of
 * {@link ChannelAuthorizer#roles()} for which the container's {@code HandshakeRequest.isUserInRole}
 * answered true during the handshake. Immutable.
 *
 * @param name  the user's name; {@code ""} when anonymous
 * @param roles the user's roles (a copy is kept)
 *
 * @since 0.1.0
 */
public record Identity(String name, Set<String> roles) {

    /** The anonymous identity: name {@code ""}, no roles. */
    public static final Identity ANONYMOUS = new Identity("", Set.of());

    /** Validates and copies; an anonymous identity cannot hold roles. */
    public Identity {
        Objects.requireNonNull(name, "name");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        if (name.isEmpty() && !roles.isEmpty()) {
            throw new IllegalArgumentException("an anonymous identity has no roles");
        }
    }

    /** An identity named {@code name} (anonymous when empty) with {@code roles}. */
    public static Identity of(String name, String... roles) {
        return name.isEmpty() && roles.length == 0 ? ANONYMOUS : new Identity(name, Set.of(roles));
    }

    /** An identity named {@code name} (anonymous when empty) with {@code roles}. */
    public static Identity of(String name, Collection<String> roles) {
        return name.isEmpty() && roles.isEmpty() ? ANONYMOUS : new Identity(name, Set.copyOf(roles));
    }

    /** The identity of a container principal ({@link #ANONYMOUS} for {@code null}) with the roles found for it. */
    public static Identity ofPrincipal(Principal principal, Collection<String> roles) {
        return principal == null || principal.getName() == null ? ANONYMOUS : of(principal.getName(), roles);
    }

    /** Whether this is the anonymous identity (empty name). */
    public boolean isAnonymous() {
        return name.isEmpty();
    }

    /** Whether this identity has {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether this identity has at least one of {@code anyOf}. */
    public boolean hasAnyRole(Collection<String> anyOf) {
        for (String role : anyOf) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
