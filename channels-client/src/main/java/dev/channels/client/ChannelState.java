package dev.channels.client;

/**
 * Where a joined channel's connection stands.
 *
 * @since 0.1.0
 */
public enum ChannelState {
    /** Connected, {@code join.success} received: publishes go out. */
    OPEN,
    /** The connection closed abnormally and the reconnect policy is trying again; publishes fail fast. */
    RECONNECTING,
    /** Left, closed by the server, or reconnect gave up: the channel is no longer joined. */
    CLOSED
}
