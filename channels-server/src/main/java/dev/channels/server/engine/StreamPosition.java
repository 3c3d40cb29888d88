package dev.channels.server.engine;

import java.util.Objects;

/**
 * A place in a channel's stream: the offset of a publication (or the top offset of the stream) and
 * the stream's epoch. Offsets start at 1 and grow by one per publication; offset 0 is the position
 * of a stream nothing has been published to yet. The epoch is an opaque, non-empty string that
 * changes whenever the stream's past is lost (history expired, engine restarted without its data,
 * channel closed on purpose); two positions are comparable only when their epochs are equal.
 *
 * @param offset the offset, {@code >= 0}
 * @param epoch  the stream's epoch; empty only in {@link #NONE}
 *
 * @since 0.1.0
 */
public record StreamPosition(long offset, String epoch) {

    /** The position of a publication that is not in a stream (history off): no offset, no epoch. */
    public static final StreamPosition NONE = new StreamPosition(0, "");

    /** Validates the values. */
    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    /** Whether this is a position in a stream (not {@link #NONE}). */
    public boolean inStream() {
        return !epoch.isEmpty();
    }
}
