package dev.channels.server.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One member of a channel as the presence manager knows it.
 *
 * @param clientId  the connection's id (unique in the cluster)
 * @param channelId its channel
 * @param userId    the handshake principal's name, what the handshake check assigned, or {@code ""}
 * @param joinedAt  when it joined
 * @param nodeId    the {@link ChannelEngine#nodeId()} of the node that holds the connection
 *
 * @since 0.1.0
 */
public record PresenceInfo(String clientId, String channelId, String userId, Instant joinedAt, String nodeId) {

    /** Validates the values. */
    public PresenceInfo {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(nodeId, "nodeId");
    }
}
