package dev.channels.client;

import java.net.URI;

/**
 * A channel this client has joined: a live view of its connection. Safe to read from any thread.
 *
 * @since 0.1.0
 */
public interface JoinedChannel {

    /** The channel id. */
    String channelId();

    /**
     * The channel's address on the node in use, {@code {base}/{channelId}?params}: what its own connection
     * opens; on a session (which opens {@code {base}}) the address the channel would have.
     */
    URI uri();

    /** The clientID from the latest {@code join.success}; it changes after each reconnect. */
    String clientId();

    /** The connection's state. */
    ChannelState state();

    /** How many times this channel has been reconnected after an abnormal close. */
    int reconnects();

    /**
     * Whether the latest rejoin by the reconnect policy recovered every message missed meanwhile
     * (docs/protocol.md "Channel streams"); false before any rejoin and against a server without history.
     */
    boolean lastRejoinRecovered();

    /** The epoch of the channel's stream, or {@code ""} when the server keeps no history. */
    String streamEpoch();

    /** The offset of the last channel message received (0 when the server keeps no history). */
    long lastOffset();

    /**
     * Asks the server who is in the channel ({@code get.info}) and waits for its {@code info} reply:
     * the whole count and the first page of members ({@link ChannelPresence#next()} for the rest).
     *
     * @throws RequestTimeoutException     when no reply comes within the client's connect timeout
     * @throws ChannelUnavailableException when the connection is down
     */
    ChannelPresence presence();

    /**
     * The page of members after cursor {@code after} (a previous page's {@link ChannelPresence#next()};
     * {@code ""}: the first page), as {@link #presence()}. The default, for implementations that
     * predate paging, answers only the first page.
     *
     * @throws UnsupportedOperationException from the default, for any other page
     */
    default ChannelPresence presence(String after) {
        if (after.isEmpty()) {
            return presence();
        }
        throw new UnsupportedOperationException("this JoinedChannel cannot page presence");
    }

    /**
     * Asks the server how many members the channel has, without the member list ({@code get.info} with
     * {@code {"countOnly":true}}): what a big room's header needs. The default asks for the first page.
     *
     * @throws RequestTimeoutException     when no reply comes within the client's connect timeout
     * @throws ChannelUnavailableException when the connection is down
     * @since 0.1.0
     */
    default int memberCount() {
        return presence().count();
    }
}
