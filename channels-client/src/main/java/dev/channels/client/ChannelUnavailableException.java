package dev.channels.client;

/**
 * Thrown when the client has joined a channel but cannot send on it now: the connection is down and
 * reconnecting, it has closed, or its outgoing queue is full. Nothing is queued for later: the caller
 * decides whether to retry.
 *
 * @since 0.1.0
 */
public class ChannelUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String channelId;

    /** Creates the exception for {@code channelId}. */
    public ChannelUnavailableException(String channelId, String why) {
        super("cannot send on channel '" + channelId + "': " + why);
        this.channelId = channelId;
    }

    /** The channel named. */
    public String channelId() {
        return channelId;
    }
}
