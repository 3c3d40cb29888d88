package dev.channels.server.engine;

import java.util.Objects;

/**
 * One message published to a channel, as the engine carries and stores it.
 *
 * @param channelId the channel
 * @param position  its offset and epoch, or {@link StreamPosition#NONE} when it is not in a stream
 * @param data      what was published, unchanged: for the server, an encoded envelope; opaque to the engine
 *
 * @since 0.1.0
 */
public record Publication(String channelId, StreamPosition position, String data) {

    /** Validates the values. */
    public Publication {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(data, "data");
    }

    /** The offset in the stream; 0 when not in a stream. */
    public long offset() {
        return position.offset();
    }
}
