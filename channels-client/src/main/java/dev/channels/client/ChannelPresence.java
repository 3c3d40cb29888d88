package dev.channels.client;

import java.util.List;

/**
 * Who is in a channel, as the server's {@code info} reply to {@code get.info} says (docs/protocol.md "Presence").
 *
 * The server lists at most a page of members per reply (100 by default): {@code count} is always the
 * whole channel's, and {@code next}, when not empty, asks for the rest ({@link JoinedChannel#presence(String)}).
 *
 * @param channelId the channel
 * @param count     how many members it has (on every node of a cluster)
 * @param members   this page's members, each with its client id and user id ({@code ""} when the server knows none), in join order
 * @param next      the cursor of the next page, {@code ""} when this page is the last
 *
 * @since 0.1.0
 */
public record ChannelPresence(String channelId, int count, List<Member> members, String next) {

    /** Copies the list. */
    public ChannelPresence {
        members = List.copyOf(members);
        java.util.Objects.requireNonNull(next, "next");
    }

    /** A presence without a next page (the form before paging). */
    public ChannelPresence(String channelId, int count, List<Member> members) {
        this(channelId, count, members, "");
    }

    /** Whether more members follow this page. */
    public boolean hasNext() {
        return !next.isEmpty();
    }

    /**
     * One member.
     *
     * @param clientId its connection's id
     * @param userId   its user, or {@code ""}
     *
     * @since 0.1.0
     */
    public record Member(String clientId, String userId) {
    }
}
