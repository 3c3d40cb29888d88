package dev.channels.api;

/**
 * Header names the protocol defines.
 *
 * @since 0.1.0
 */
public final class ChannelHeaders {

    /** RFC 3339 expiry time of the channel, sent on {@code join.success} when the channel expires. */
    public static final String CHANNEL_EXPIRES = "X-Channel-Expires";
    /**
     * Offset of a channel message in its channel's stream (1, 2, 3, ...), when the server keeps
     * history; on {@code join.success}: the stream's top offset ({@code 0} for a new stream).
     */
    public static final String CHANNEL_OFFSET = "X-Channel-Offset";
    /** The epoch of the channel's stream: on channel messages and {@code join.success}, when the server keeps history. */
    public static final String CHANNEL_EPOCH = "X-Channel-Epoch";
    /** On {@code join.success} of a join that asked for recovery: {@code "true"} or {@code "false"}. */
    public static final String CHANNEL_RECOVERED = "X-Channel-Recovered";
    /** Query parameter of a recovery join: the last offset the client received. */
    public static final String SINCE_PARAM = "since";
    /** Query parameter of a recovery join: the epoch of the stream the client was in. */
    public static final String EPOCH_PARAM = "epoch";

    /**
     * On an error envelope from the server: the id under which the server logged the failure, so
     * that an operator can find the cause (whose text is not sent to the client).
     */
    public static final String ERROR_ID = "X-Error-Id";

    private ChannelHeaders() {
    }
}
