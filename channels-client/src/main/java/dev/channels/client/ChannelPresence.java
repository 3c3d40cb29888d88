package dev.channels.client;

import java.util.List;

/**
 * Who is in a channel, as the server's {@code info} reply to {@code get.info} says (docs/protocol.md "Presence").
 *
 * @param channelId the channel
 * @param count     how many members it has (on every node of a cluster)
 * @param members   each member's client id and user id ({@code ""} when the server knows none), in join order
 */
public record ChannelPresence(String channelId, int count, List<Member> members) {

    /** Copies the list. */
    public ChannelPresence {
        members = List.copyOf(members);
    }

    /**
     * One member.
     *
     * @param clientId its connection's id
     * @param userId   its user, or {@code ""}
     */
    public record Member(String clientId, String userId) {
    }
}
