package dev.channels.server;

/**
 * Server hooks (the seed's client-joined / client-left / channel-created / channel-closed
 * callbacks). Every method is a no-op by default. Each fires exactly once per event, on whichever
 * thread caused it (a container thread, a caller of {@link ChannelServer#close()}, the server's
 * scheduler, or its membership thread: a connection that closed, failed or read too slowly leaves
 * there, shortly after); exceptions are logged and ignored. Keep them short.
 *
 * @since 0.1.0
 */
public interface ServerListener {

    /** A connection joined a channel (after the channel was created, before {@code join.success}). */
    default void onClientJoined(ClientInfo client) {
    }

    /** A connection left its channel, for whatever reason. */
    default void onClientLeft(ClientInfo client) {
    }

    /** A channel got its first member. */
    default void onChannelCreated(String channelId) {
    }

    /** A channel lost its last member, expired, or was closed. */
    default void onChannelClosed(String channelId) {
    }
}
