package dev.channels.api;

/**
 * Thrown when an operation names a channel that does not exist or has no members (Go's {@code ErrChannelNotFound}).
 *
 * @since 0.1.0
 */
public class ChannelNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String channelId;

    /** Creates the exception for {@code channelId}. */
    public ChannelNotFoundException(String channelId) {
        super("channel not found: " + channelId);
        this.channelId = channelId;
    }

    /** The channel that was not found. */
    public String channelId() {
        return channelId;
    }
}
