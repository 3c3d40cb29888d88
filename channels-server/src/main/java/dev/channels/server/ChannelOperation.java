package dev.channels.server;

import java.util.Objects;

/**
 * What a client asks to do in a channel, for a {@link ChannelAuthorizer}: join it (a channel
 * connection's handshake, or a session's {@code channel.join}), publish a message of a type (any
 * client frame that is not one of the protocol's requests), read its presence ({@code get.info}) or
 * its history ({@code get.history}). Immutable.
 *
 * @param kind        which operation
 * @param messageType for {@link Kind#PUBLISH}, the frame's {@code type}; {@code ""} for the others
 *
 * @since 0.1.0
 */
public record ChannelOperation(Kind kind, String messageType) {

    /**
     * The operations an authorizer decides.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** Joining the channel. */
        JOIN,
        /** Publishing (sending) a message of a type in the channel. */
        PUBLISH,
        /** Reading the channel's members ({@code get.info}). */
        PRESENCE,
        /** Reading the channel's history ({@code get.history}). */
        HISTORY
    }

    /** Joining. */
    public static final ChannelOperation JOIN = new ChannelOperation(Kind.JOIN, "");
    /** Reading presence ({@code get.info}). */
    public static final ChannelOperation PRESENCE = new ChannelOperation(Kind.PRESENCE, "");
    /** Reading history ({@code get.history}). */
    public static final ChannelOperation HISTORY = new ChannelOperation(Kind.HISTORY, "");

    /** Validates: only a publication names a message type. */
    public ChannelOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(messageType, "messageType");
        if (kind != Kind.PUBLISH && !messageType.isEmpty()) {
            throw new IllegalArgumentException(kind + " names no message type");
        }
    }

    /** Publishing a message of {@code type}. */
    public static ChannelOperation publish(String type) {
        return new ChannelOperation(Kind.PUBLISH, type);
    }

    @Override
    public String toString() {
        return kind == Kind.PUBLISH ? "publish '" + messageType + "'" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
