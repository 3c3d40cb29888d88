package dev.channels.client;

/**
 * Thrown when an operation names a channel this client has not joined (or has left).
 *
 * @since 0.1.0
 */
public class NotJoinedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String channelId;

    /** Creates the exception for {@code channelId}. */
    public NotJoinedException(String channelId) {
        super("this client has not joined channel '" + channelId + "'");
        this.channelId = channelId;
    }

    /** The channel named. */
    public String channelId() {
        return channelId;
    }
}
