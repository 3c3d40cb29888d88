package dev.channels.server;

import java.util.Objects;

/**
 * How many connections a {@link ChannelServer} admits: in all, and per channel. A connection over
 * either limit is completed and closed at once with 1013 (Try Again Later) and a reason that says
 * which limit, before it is registered, sent {@code join.success} or reported to any hook (the
 * Jakarta WebSocket API has no portable way to answer the upgrade with 503).
 *
 * <p>Immutable and thread-safe: {@code ConnectionLimits.builder().maxConnections(3).maxPerChannel(2).build()},
 * {@link #defaults()}, {@link #unlimited()}; {@link #toBuilder()} for a variant. Settings
 * {@code channels.max-connections} and {@code channels.max-connections-per-channel} ({@link ChannelsSetting}).
 *
 * @since 0.1.0
 */
public final class ConnectionLimits {

    private static final ConnectionLimits DEFAULTS = new Builder().build();
    private static final ConnectionLimits UNLIMITED = new Builder()
            .maxConnections(Integer.MAX_VALUE).maxPerChannel(Integer.MAX_VALUE).build();

    private final int maxConnections;
    private final int maxPerChannel;

    private ConnectionLimits(Builder b) {
        if (b.maxConnections < 1 || b.maxPerChannel < 1) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
        this.maxConnections = b.maxConnections;
        this.maxPerChannel = b.maxPerChannel;
    }

    /**
     * 25,000 connections, 5,000 per channel: bounded (about 20 KiB of heap per idle connection, so
     * about 500 MiB at the limit) yet above what the load driver's scenarios open.
     */
    public static ConnectionLimits defaults() {
        return DEFAULTS;
    }

    /** No practical limit. */
    public static ConnectionLimits unlimited() {
        return UNLIMITED;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
        return new Builder().maxConnections(maxConnections).maxPerChannel(maxPerChannel);
    }

    /** Most connections joined at once, over all channels. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most members of one channel. */
    public int maxPerChannel() {
        return maxPerChannel;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionLimits l && l.maxConnections == maxConnections && l.maxPerChannel == maxPerChannel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, maxPerChannel);
    }

    @Override
    public String toString() {
        return "ConnectionLimits[maxConnections=" + maxConnections + ", maxPerChannel=" + maxPerChannel + "]";
    }

    /**
     * Builds {@link ConnectionLimits}; starts from the defaults. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxConnections = 25_000;
        private int maxPerChannel = 5_000;

        private Builder() {
        }

        /** Most connections joined at once (default 25,000). */
        public Builder maxConnections(int connections) {
            this.maxConnections = connections;
            return this;
        }

        /** Most members of one channel (default 5,000). */
        public Builder maxPerChannel(int members) {
            this.maxPerChannel = members;
            return this;
        }

        /**
         * The limits.
         *
         * @throws IllegalArgumentException when a value is not positive
         */
        public ConnectionLimits build() {
            return new ConnectionLimits(this);
        }
    }
}
