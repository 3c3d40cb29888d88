package dev.channels.api;

/** Header names the protocol defines. */
public final class ChannelHeaders {

    /** RFC 3339 expiry time of the channel, sent on {@code join.success} when the channel expires. */
    public static final String CHANNEL_EXPIRES = "X-Channel-Expires";

    /**
     * On an error envelope from the server: the id under which the server logged the failure, so
     * that an operator can find the cause (whose text is not sent to the client).
     */
    public static final String ERROR_ID = "X-Error-Id";

    private ChannelHeaders() {
    }
}
