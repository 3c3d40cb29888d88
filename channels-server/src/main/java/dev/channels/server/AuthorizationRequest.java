package dev.channels.server;

import java.util.Objects;

/**
 * One question to a {@link ChannelAuthorizer}: may {@code identity} do {@code operation} in
 * {@code channelId}? Immutable.
 *
 * @param identity  who asks ({@link Identity#ANONYMOUS} when nobody was authenticated)
 * @param channelId the channel
 * @param operation what it wants to do
 * @param member    whether the asking connection is a member of the channel now (always false for
 *                  {@link ChannelOperation.Kind#JOIN}, always true on a channel connection otherwise)
 *
 * @since 0.1.0
 */
public record AuthorizationRequest(Identity identity, String channelId, ChannelOperation operation, boolean member) {

    /** Validates the values. */
    public AuthorizationRequest {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(operation, "operation");
    }
}
