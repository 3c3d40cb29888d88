package dev.channels.cdi.internal;

import dev.channels.server.AuthorizationDecision;
import dev.channels.server.AuthorizationRequest;
import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.ChannelOperation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Honours {@code jakarta.annotation.security.RolesAllowed} on {@code Inbound} observer methods (or
 * their bean class): publishing a message of an observed type needs one of the roles of each
 * restricted observer of that type; anyone else gets {@code 403} and no observer runs. Wraps the
 * application's own {@link ChannelAuthorizer} (a bean, or one set through {@code ChannelsConfiguration}),
 * which is asked first, and adds the roles to {@link #roles()} so that the container is asked about
 * them at the handshake. Immutable, thread-safe.
 *
 * @since 0.1.0
 */
public final class RolesAllowedAuthorizer implements ChannelAuthorizer {

    private final ChannelAuthorizer delegate;
    /** Message type -> for each restricted observer of it, the roles it allows. */
    private final Map<String, List<Set<String>>> rolesByType;
    private final Set<String> roles;

    private RolesAllowedAuthorizer(ChannelAuthorizer delegate, Map<String, List<Set<String>>> rolesByType) {
        this.delegate = delegate;
        this.rolesByType = Map.copyOf(rolesByType);
        Set<String> all = new LinkedHashSet<>(delegate.roles());
        rolesByType.values().forEach(list -> list.forEach(all::addAll));
        this.roles = Set.copyOf(all);
    }

    /** {@code delegate}, plus the {@code @RolesAllowed} of the observers; {@code delegate} itself when none is restricted. */
    public static ChannelAuthorizer around(ChannelAuthorizer delegate, Map<String, List<Set<String>>> rolesByType) {
        return rolesByType.isEmpty() ? delegate : new RolesAllowedAuthorizer(delegate, rolesByType);
    }

    /** The roles {@code @RolesAllowed} on {@code method}, else on its class, allows; null when neither has it. */
    public static Set<String> rolesAllowed(AnnotatedMethod<?> method) {
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringType().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? null : Set.of(allowed.value());
    }

    /** Collects the restricted observers, type by type, during discovery. */
    public static final class Collector {
        private final Map<String, List<Set<String>>> rolesByType = new LinkedHashMap<>();

        /** Records that an observer of {@code type} allows only {@code roles}. */
        public void add(String type, Set<String> roles) {
            rolesByType.computeIfAbsent(type, t -> new java.util.ArrayList<>()).add(Set.copyOf(roles));
        }

        /** What was collected. */
        public Map<String, List<Set<String>>> rolesByType() {
            Map<String, List<Set<String>>> copy = new LinkedHashMap<>();
            rolesByType.forEach((type, list) -> copy.put(type, List.copyOf(list)));
            return copy;
        }
    }

    @Override
    public AuthorizationDecision authorize(AuthorizationRequest request) {
        AuthorizationDecision decision = delegate.authorize(request);
        if (decision == null || !decision.allowed() || request.operation().kind() != ChannelOperation.Kind.PUBLISH) {
            return decision;
        }
        List<Set<String>> restricted = rolesByType.get(request.operation().messageType());
        if (restricted != null) {
            for (Set<String> anyOf : restricted) {
                if (!request.identity().hasAnyRole(anyOf)) {
                    return AuthorizationDecision.deny(request.operation() + " needs one of the roles " + anyOf);
                }
            }
        }
        return decision;
    }

    @Override
    public Set<String> roles() {
        return roles;
    }
}
