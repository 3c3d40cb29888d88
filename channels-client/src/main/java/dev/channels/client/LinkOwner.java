package dev.channels.client;

import jakarta.websocket.CloseReason;

/**
 * What a {@link ConnectionEndpoint} reports to: the {@link ChannelConnection} that owns a channel connection,
 * or the {@link SessionConnection} that owns a session connection. Called on container threads: frames one at a
 * time on the link's reader thread, the close once.
 */
interface LinkOwner {

    /** A whole text frame from {@code link}'s server (reader thread). */
    void onText(Link link, String text);

    /** A message from {@code link}'s server was over the maximum message size (reader thread). */
    void onTooBig(Link link);

    /** The container reported {@code link}'s close. */
    void linkClosed(Link link, CloseReason reason);

    /** For logs: what this connection carries. */
    String describe();
}
