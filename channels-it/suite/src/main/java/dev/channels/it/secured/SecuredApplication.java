package dev.channels.it.secured;

import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.ChannelRules;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;

/**
 * Switches Jakarta Security on for the WAR: the container authenticates requests with HTTP BASIC
 * against the application's identity store ({@link SampleUsers}), so the WebSocket handshake of a
 * path the {@code web.xml} protects carries the principal and its roles. The role is declared so that
 * {@code isUserInRole("member")} means the group of the same name.
 *
 * <p>The channel rules are a {@link ChannelAuthorizer} bean, which channels-cdi uses when present:
 * {@code private-*} needs an authenticated user, {@code members-*} the role {@code member}.
 */
@BasicAuthenticationMechanismDefinition(realmName = "channels-it")
@DeclareRoles(SecuredApplication.MEMBER)
@ApplicationScoped
public class SecuredApplication {

    /** The one role of the application: alice has it, bob has not. */
    public static final String MEMBER = "member";

    @Produces
    ChannelAuthorizer rules() {
        return ChannelRules.builder()
                .on("private-*").authenticated()
                .on("members-*").anyRole(MEMBER)
                .build();
    }
}
