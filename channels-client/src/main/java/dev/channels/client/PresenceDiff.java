package dev.channels.client;

import java.util.List;
import java.util.Objects;

/**
 * One change of a channel's member list, as the server reported it (docs/protocol.md "Presence"): a
 * batched {@code presence.diff} (the net joins and leaves of one interval), or a per-member
 * {@code presence.joined} / {@code presence.left} as a diff of one. Apply it as set operations keyed by
 * {@link ChannelPresence.Member#clientId()}: add the joins, remove the leaves (a join may name a member
 * already known, a leave one already gone). The two lists never name the same client id.
 *
 * @param channelId the channel
 * @param joins     the members that joined, in the server's order
 * @param leaves    the members that left, in the server's order
 *
 * @since 0.1.0
 */
public record PresenceDiff(String channelId, List<ChannelPresence.Member> joins, List<ChannelPresence.Member> leaves) {

    /** Copies the lists. */
    public PresenceDiff {
        Objects.requireNonNull(channelId, "channelId");
        joins = List.copyOf(joins);
        leaves = List.copyOf(leaves);
    }

    /** Whether it names no member. */
    public boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty();
    }
}
