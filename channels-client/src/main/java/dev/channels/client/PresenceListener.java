package dev.channels.client;

/**
 * Told of a channel's joins and leaves ({@link ChannelClientBuilder#onPresence}), the same way whichever
 * form the server sends (docs/protocol.md "Presence"): per-member {@code presence.joined} /
 * {@code presence.left} (each as a {@link PresenceDiff} of one) or the batched {@code presence.diff}
 * (server setting {@code channels.presence-batch-interval}). For each frame, {@link #onDiff} runs first,
 * then {@link #onJoin} for each join and {@link #onLeave} for each leave, in the frame's order.
 *
 * <p>Runs on the reader thread of the channel's connection (or session), in the order the frames came,
 * one at a time per connection, like message listeners: it must not block (in particular not wait for a
 * reply such as {@link JoinedChannel#presence()}). What it throws goes to the client-error handler. The
 * server sends presence only when {@code channels.presence-events} is on; the events are best effort for
 * a member that reads slowly, and none come while the connection is down: re-read the list with
 * {@link JoinedChannel#presence()} (or {@link PresenceView#load}) after a rejoin or when in doubt.
 *
 * @since 0.1.0
 */
public interface PresenceListener {

    /** One presence frame's changes of {@code channel}'s member list. */
    default void onDiff(JoinedChannel channel, PresenceDiff diff) {
    }

    /** {@code member} joined {@code channel} (from either form of presence event). */
    default void onJoin(JoinedChannel channel, ChannelPresence.Member member) {
    }

    /** {@code member} left {@code channel} (from either form of presence event). */
    default void onLeave(JoinedChannel channel, ChannelPresence.Member member) {
    }
}
