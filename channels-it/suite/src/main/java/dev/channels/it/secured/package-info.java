/**
 * The secured sample application that {@code SecuredApplicationIT} deploys: what a user writes to put
 * channels behind the container's authentication with Jakarta Security. {@link dev.channels.it.secured.SecuredApplication}
 * (the BASIC mechanism, the declared role and the channel rules as a {@code ChannelAuthorizer} bean),
 * {@link dev.channels.it.secured.SampleUsers} (an identity store with two users) and
 * {@link dev.channels.it.secured.SecuredHandlers} (a chat and a {@code @RolesAllowed} observer); the
 * {@code web.xml} constraint is in {@code dev.channels.it.support.SecuredDeployment}.
 */
package dev.channels.it.secured;
