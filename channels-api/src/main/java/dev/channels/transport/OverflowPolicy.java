package dev.channels.transport;

/**
 * What a {@link SessionWriter} does when a frame would pass its queue bound.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {

    /**
     * Close the connection with 1013 (Try Again Later), drop its queue and tell the listener: a peer
     * that cannot keep up loses its connection, nobody else waits for it. The default.
     */
    DISCONNECT,

    /** Drop the new frame, keep the connection and tell the listener. Loses messages. */
    DROP
}
