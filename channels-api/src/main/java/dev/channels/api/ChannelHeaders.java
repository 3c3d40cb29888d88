package dev.channels.api;

/** Header names the protocol defines. */
public final class ChannelHeaders {

    /** RFC 3339 expiry time of the channel, sent on {@code join.success} when the channel expires. */
    public static final String CHANNEL_EXPIRES = "X-Channel-Expires";

    private ChannelHeaders() {
    }
}
