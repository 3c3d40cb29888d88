package dev.channels.server.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a channel's stream keeps its past: at most {@code historySize} publications, each for
 * {@code historyTtl} after it was published; the stream itself (epoch and top offset) lives while
 * any node subscribes to the channel and for {@code historyTtl} after the later of its last
 * publication and its last unsubscribe. {@link #OFF} (size 0): publications are not numbered,
 * not stored, and carry {@link StreamPosition#NONE}, the seed's behaviour.
 *
 * @param historySize how many publications to retain; 0 for no stream
 * @param historyTtl  how long each retained publication (and an unused stream) lives; positive when the size is
 *
 * @since 0.1.0
 */
public record StreamOptions(int historySize, Duration historyTtl) {

    /** No stream: publications are delivered, never numbered or stored. */
    public static final StreamOptions OFF = new StreamOptions(0, Duration.ZERO);

    /** Validates the values. */
    public StreamOptions {
        Objects.requireNonNull(historyTtl, "historyTtl");
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must not be negative: " + historySize);
        }
        if (historySize > 0 && (historyTtl.isZero() || historyTtl.isNegative())) {
            throw new IllegalArgumentException("historyTtl must be positive when history is on: " + historyTtl);
        }
        if (historySize == 0 && !historyTtl.isZero()) {
            throw new IllegalArgumentException("historyTtl needs a positive historySize");
        }
    }

    /** A stream that keeps the last {@code size} publications for {@code ttl}. */
    public static StreamOptions of(int size, Duration ttl) {
        return new StreamOptions(size, ttl);
    }

    /** Whether publications are numbered and stored. */
    public boolean enabled() {
        return historySize > 0;
    }
}
