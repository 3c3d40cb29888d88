package dev.channels.server;

import java.util.Objects;

/**
 * The inbound rate limit of each connection: a token bucket that refills at
 * {@link #messagesPerSecond()} up to {@link #burst()} messages. A message that finds the bucket empty is
 * dropped unhandled; the first one dropped in a row of excess gets the sender an error envelope with
 * {@code errCode} {@code "429"}; when more than {@link #disconnectAfter()} messages are dropped before the
 * sender has stayed quiet long enough to refill the whole bucket, the connection is closed with 1008
 * (policy violation). The limit is per connection, so a flooding client slows down only itself.
 *
 * <p>A message is charged when it arrived where the runner knows it ({@link ArrivalClock}), else when it
 * is handled; and the 1008 also needs the sender to be over what it banked in pauses of a second or more
 * (up to a minute of {@code messagesPerSecond}), so a client whose messages the server read late, all at
 * once, may have the excess over its burst dropped but is not cut for it.
 *
 * <p>Immutable and thread-safe: {@code RateLimit.builder().messagesPerSecond(50).burst(20).build()},
 * {@link #defaults()}, {@link #unlimited()}; {@link #toBuilder()} for a variant. Settings
 * {@code channels.rate-limit.*} ({@link ChannelsSetting}).
 *
 * @since 0.1.0
 */
public final class RateLimit {

    private static final RateLimit DEFAULTS = new Builder().build();
    private static final RateLimit UNLIMITED = new Builder()
            .messagesPerSecond(Double.POSITIVE_INFINITY).burst(Integer.MAX_VALUE).disconnectAfter(Integer.MAX_VALUE).build();

    private final double messagesPerSecond;
    private final int burst;
    private final int disconnectAfter;

    private RateLimit(Builder b) {
        if (!(b.messagesPerSecond > 0) || b.burst < 1 || b.disconnectAfter < 1) {
            throw new IllegalArgumentException("rate, burst and disconnectAfter must be positive");
        }
        this.messagesPerSecond = b.messagesPerSecond;
        this.burst = b.burst;
        this.disconnectAfter = b.disconnectAfter;
    }

    /**
     * 100 messages/s sustained, bursts of 200, closed after 100 dropped messages: far above what a
     * person or a well-behaved program sends on one connection, far below what one client needs to
     * slow a channel down.
     */
    public static RateLimit defaults() {
        return DEFAULTS;
    }

    /** No limit (for benchmarks and trusted peers). */
    public static RateLimit unlimited() {
        return UNLIMITED;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this limit. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messagesPerSecond = messagesPerSecond;
        b.burst = burst;
        b.disconnectAfter = disconnectAfter;
        return b;
    }

    /** Sustained rate a connection may send; {@link Double#POSITIVE_INFINITY} for no limit. */
    public double messagesPerSecond() {
        return messagesPerSecond;
    }

    /** How many messages a connection may send at once after being quiet. */
    public int burst() {
        return burst;
    }

    /** How many dropped messages are tolerated before the connection is closed. */
    public int disconnectAfter() {
        return disconnectAfter;
    }

    /** Whether this is {@link #unlimited()}. */
    public boolean isUnlimited() {
        return Double.isInfinite(messagesPerSecond);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit r && Double.compare(r.messagesPerSecond, messagesPerSecond) == 0
                && r.burst == burst && r.disconnectAfter == disconnectAfter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messagesPerSecond, burst, disconnectAfter);
    }

    @Override
    public String toString() {
        return isUnlimited() ? "RateLimit[unlimited]"
                : "RateLimit[messagesPerSecond=" + messagesPerSecond + ", burst=" + burst + ", disconnectAfter=" + disconnectAfter + "]";
    }

    /**
     * Builds a {@link RateLimit}; starts from the defaults. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private double messagesPerSecond = 100;
        private int burst = 200;
        private int disconnectAfter = 100;

        private Builder() {
        }

        /** Sustained rate (default 100); {@link Double#POSITIVE_INFINITY} for no limit. */
        public Builder messagesPerSecond(double rate) {
            this.messagesPerSecond = rate;
            return this;
        }

        /** Messages a quiet connection may send at once (default 200). */
        public Builder burst(int messages) {
            this.burst = messages;
            return this;
        }

        /** Dropped messages tolerated before the connection is closed with 1008 (default 100). */
        public Builder disconnectAfter(int messages) {
            this.disconnectAfter = messages;
            return this;
        }

        /**
         * The limit.
         *
         * @throws IllegalArgumentException when a value is not positive
         */
        public RateLimit build() {
            return new RateLimit(this);
        }
    }
}
