package dev.channels.api;

/**
 * Where a server sends a handler's reply (docs/protocol.md "Server behaviour" 5). Each registration has a
 * default (a direct handler's is {@link #SENDER}, a channel handler's {@link #CHANNEL}); a handler
 * or middleware can choose another one for the message at hand with {@link Replies}.
 *
 * @since 0.1.0
 */
public enum ReplyRoute {

    /** Only to the reply's {@code clientID}, by default the sender: the seed's direct handler. */
    SENDER,

    /** To every member of the reply's {@code channelId}, sender included: the seed's channel handler. */
    CHANNEL
}
