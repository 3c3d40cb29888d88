package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The container's roles of a principal, asked during the handshake for the roles the authorizer
 * names (no container of the standalone runners has principals: the app-server suite covers it live).
 */
class PrincipalRolesTest {

    private static HandshakeRequest request(Principal principal, Set<String> held) {
        return new HandshakeRequest() {
            @Override
            public Map<String, List<String>> getHeaders() {
                return Map.of();
            }

            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public URI getRequestURI() {
                return URI.create("/ws/room");
            }

            @Override
            public boolean isUserInRole(String role) {
                if (role.equals("broken")) {
                    throw new IllegalStateException("cannot tell");
                }
                return held.contains(role);
            }

            @Override
            public Object getHttpSession() {
                return null;
            }

            @Override
            public Map<String, List<String>> getParameterMap() {
                return Map.of();
            }

            @Override
            public String getQueryString() {
                return null;
            }
        };
    }

    @Test
    void onlyTheNamedRolesThePrincipalHasAreKeptAndAnonymousHasNone() {
        Principal alice = () -> "alice";
        ChannelRules rules = ChannelRules.builder().on("a-*").anyRole("admin").on("m-*").anyRole("moderator", "broken").build();
        Set<String> roles = PrincipalRoles.of(request(alice, Set.of("admin", "user")), rules.roles());
        assertThat(roles).containsExactly("admin");
        Handshake handshake = new Handshake("a-1", Map.of(), Map.of(), alice, roles);
        assertThat(handshake.principalIdentity()).isEqualTo(Identity.of("alice", "admin"));
        assertThat(rules.authorize(new AuthorizationRequest(handshake.principalIdentity(), "a-1", ChannelOperation.JOIN, false))
                .allowed()).isTrue();
        assertThat(PrincipalRoles.of(request(null, Set.of("admin")), rules.roles())).isEmpty();
        assertThat(PrincipalRoles.of(request(alice, Set.of("admin")), Set.of())).as("nothing asked").isEmpty();
    }
}
