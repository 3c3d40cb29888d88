package dev.channels.client;

/**
 * Told after the reconnect policy rejoined a channel, on the client's scheduler thread. When
 * {@code recovered} is false the client may have missed messages while it was away (the server keeps
 * no history, the history no longer reaches back far enough, the stream's epoch changed, or the server
 * does not know recovery, like the Go seed): reload the state the messages build up.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RejoinListener {

    /** {@code channel} was rejoined; {@code recovered}: every message missed meanwhile was replayed, in order. */
    void onRejoined(JoinedChannel channel, boolean recovered);
}
