package dev.channels.server;

import java.time.Instant;

/**
 * One member of a channel, as {@link ChannelServer#presence} reports it.
 *
 * @param clientId the connection's id
 * @param userId   the handshake check's user id, else the handshake principal's name, else {@code ""}
 * @param joinedAt when it joined
 *
 * @since 0.1.0
 */
public record ChannelMember(String clientId, String userId, Instant joinedAt) {
}
