package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.AuthorizationDecision;
import dev.channels.server.AuthorizationRequest;
import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.Handshake;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.Identity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authorization in CDI over real sockets (Weld SE + Tyrus): a {@code ChannelAuthorizer} bean is used,
 * and {@code @RolesAllowed} on an observer method lets only those roles publish its type (others: 403,
 * the observer does not run). Identities come from a {@code HandshakeCheck} bean reading
 * {@code ?user=&roles=}.
 */
class AuthorizationCdiTest {

    private static ChannelsSe channels;

    @BeforeAll
    static void start() {
        channels = ChannelsSe.builder().port(0).disableDiscovery()
                .beanClasses(Handlers.class, Users.class, NoVault.class)
                .start();
    }

    @AfterAll
    static void stop() {
        channels.close();
    }

    private static TestClient join(String channel, String query) throws Exception {
        return TestClient.join(URI.create(channels.channelUri(channel) + (query.isEmpty() ? "" : "?" + query)));
    }

    @Test
    void rolesAllowedOnAnObserverLetsOnlyThoseRolesPublishItsType() throws Exception {
        try (TestClient bob = join("room", "user=bob&roles=user"); TestClient ada = join("room", "user=ada&roles=admin")) {
            Message sent = bob.send("purge", "all");
            ErrorMessage denied = bob.nextError();
            assertThat(denied.originType()).isEqualTo("purge");
            assertThat(denied.correlationId()).isEqualTo(sent.correlationId());
            assertThat(denied.detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("403"));
            assertThat(Handlers.purges).isEmpty();

            ada.send("purge", "all");
            assertThat(ada.nextMessage().type()).isEqualTo("purged");
            assertThat(Handlers.purges).containsExactly("ada");

            bob.send("echo", "hi");
            Message echo = bob.nextMessage();
            assertThat(echo.type()).as("an observer without @RolesAllowed is open").isEqualTo("echo");
            assertThat(echo.userId()).isEqualTo("bob");
        }
    }

    @Test
    void theAuthorizerBeanRefusesItsChannels() throws Exception {
        var reason = TestClient.refused(channels.channelUri("vault"));
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(reason.getReasonPhrase()).contains("no vault");
        try (TestClient open = join("lobby", "")) {
            assertThat(open.clientId()).isNotEmpty();
        }
    }

    /** The handlers. */
    @ApplicationScoped
    public static class Handlers {
        static final ConcurrentLinkedQueue<String> purges = new ConcurrentLinkedQueue<>();

        @RolesAllowed("admin")
        void purge(@Observes @MessageType("purge") Inbound msg) {
            purges.add(msg.message().userId());
            msg.reply(msg.message().newFrom("purged"));
        }

        void echo(@Observes @MessageType("echo") Inbound msg) {
            msg.reply(msg.message().newFrom("echo").withBody(msg.message().body()));
        }
    }

    /** Identities from the query: {@code ?user=name&roles=a}. */
    @ApplicationScoped
    public static class Users implements HandshakeCheck {
        @Override
        public Optional<String> refuse(Handshake handshake) {
            return Optional.empty();
        }

        @Override
        public HandshakeDecision admit(Handshake handshake) {
            return handshake.queryParameter("user")
                    .map(u -> HandshakeDecision.acceptAs(new Identity(u,
                            Set.of(handshake.queryParameter("roles").orElse("").split(",")))))
                    .orElse(HandshakeDecision.accept());
        }
    }

    /** The authorizer bean: nobody joins "vault". */
    @ApplicationScoped
    public static class NoVault implements ChannelAuthorizer {
        @Override
        public AuthorizationDecision authorize(AuthorizationRequest request) {
            return request.channelId().equals("vault") ? AuthorizationDecision.deny("no vault")
                    : AuthorizationDecision.allow();
        }
    }
}
