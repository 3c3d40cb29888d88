package dev.channels.api;

/**
 * The message types the protocol reserves. Applications must not register handlers for them.
 *
 * @since 0.1.0
 */
public final class MessageTypes {

    /** Sent by the server to a new connection; carries its clientID and channelId. */
    public static final String JOIN_SUCCESS = "join.success";
    /** Sent when a client leaves a channel. */
    public static final String LEAVE_SUCCESS = "leave.success";
    /** A request for channel information. */
    public static final String GET_INFO = "get.info";
    /** First frame of a session ({@code {base}}, no channel segment): its clientID, no channelId (ours). */
    public static final String SESSION_READY = "session.ready";
    /** A session joins the channel named in {@code channelId} (ours; answered with {@code join.success} or an error). */
    public static final String CHANNEL_JOIN = "channel.join";
    /** A session leaves the channel named in {@code channelId} (ours; answered with {@code leave.success}). */
    public static final String CHANNEL_LEAVE = "channel.leave";
    /** The answer to {@link #GET_INFO}. */
    public static final String INFO = "info";
    /** A query of a channel's retained messages (docs/protocol.md "History query"); needs history on the server. */
    public static final String GET_HISTORY = "get.history";
    /** The answer to {@link #GET_HISTORY}: one page of the channel's stream. */
    public static final String HISTORY = "history";
    /** The type of every {@link ErrorMessage}. */
    public static final String ERROR = "error";
    /** Sent to each member when the channel's configured lifetime ends, before the server closes it. */
    public static final String CHANNEL_EXPIRED = "channel.expired";
    /** Sent to each member when the server closes the channel on purpose. */
    public static final String CHANNEL_CLOSED = "channel.closed";

    /** Sent to every member when a member joins, when the server sends presence events; not reserved. */
    public static final String PRESENCE_JOINED = "presence.joined";
    /** Sent to every member when a member leaves, when the server sends presence events; not reserved. */
    public static final String PRESENCE_LEFT = "presence.left";
    /**
     * Sent to every member once per interval, instead of {@link #PRESENCE_JOINED}/{@link #PRESENCE_LEFT},
     * when the server batches presence events: the channel's joins and leaves since the last one; not reserved.
     *
     * @since 0.1.0
     */
    public static final String PRESENCE_DIFF = "presence.diff";

    /**
     * Sent to every member of a node whose cluster engine lost its connection: until {@link #ENGINE_UP},
     * publishes are refused (503) and messages from other nodes are not delivered; not reserved.
     *
     * @since 0.1.0
     */
    public static final String ENGINE_DOWN = "engine.down";
    /**
     * Sent to every member of a node whose cluster engine is connected again (after {@link #ENGINE_DOWN});
     * not reserved.
     *
     * @since 0.1.0
     */
    public static final String ENGINE_UP = "engine.up";

    private MessageTypes() {
    }

    /** Whether {@code type} is one of the reserved types above. */
    public static boolean isReserved(String type) {
        return switch (type) {
            case JOIN_SUCCESS, LEAVE_SUCCESS, GET_INFO, INFO, GET_HISTORY, HISTORY, ERROR, CHANNEL_EXPIRED, CHANNEL_CLOSED -> true;
            default -> false;
        };
    }
}
