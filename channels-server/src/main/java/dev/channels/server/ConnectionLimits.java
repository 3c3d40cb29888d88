package dev.channels.server;

/**
 * How many connections a {@link ChannelServer} admits: in all, and per channel. A connection over
 * either limit is completed and closed at once with 1013 (Try Again Later) and a reason that says
 * which limit, before it is registered, sent {@code join.success} or reported to any hook (the
 * Jakarta WebSocket API has no portable way to answer the upgrade with 503).
 *
 * @param maxConnections most connections joined at once, over all channels
 * @param maxPerChannel  most members of one channel
 */
public record ConnectionLimits(int maxConnections, int maxPerChannel) {

    /** Validates the values. */
    public ConnectionLimits {
        if (maxConnections < 1 || maxPerChannel < 1) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
    }

    /**
     * 25,000 connections, 5,000 per channel: bounded (about 20 KiB of heap per idle connection, so
     * about 500 MiB at the limit) yet above what the load driver's scenarios open.
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(25_000, 5_000);
    }

    /** No practical limit. */
    public static ConnectionLimits unlimited() {
        return new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
