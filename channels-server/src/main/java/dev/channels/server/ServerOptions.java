package dev.channels.server;

import dev.channels.server.engine.StreamOptions;
import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of a {@link ChannelServer}, with the seed's meanings. Immutable; change with the
 * {@code with...} copies: {@code ServerOptions.defaults().withChannelTimeout(Duration.ofMinutes(5))}.
 *
 * @param writeTimeout        longest time one frame may take to go out before the connection is closed
 * @param pongWait            a connection that sends no pong for this long is closed
 * @param pingPeriod          how often the server pings each connection; shorter than {@code pongWait}
 * @param maxMessageSize      largest inbound frame in bytes; a bigger one closes the connection with 1009
 * @param channelTimeout      lifetime of a channel from its creation; {@link Duration#ZERO} for none (default)
 * @param basePath            the endpoint path before {@code /{channelId}}, e.g. {@code /ws}
 * @param maxChannelIdLength  longest accepted channel id
 * @param maxQueuedFrames     bound of each connection's outbound queue, in frames
 * @param maxQueuedChars      bound of each connection's outbound queue, in characters
 * @param overflowPolicy      what happens to a connection whose outbound queue is full
 * @param historySize         how many channel messages each channel's stream keeps for recovery; 0: no streams (default,
 *                            the seed's behaviour); smaller than {@code maxQueuedFrames}, since a replay goes through that queue
 * @param historyTtl          how long each kept message (and a stream without members) lives; {@link Duration#ZERO} when there is no history
 * @param presenceEvents      whether members get {@code presence.joined} / {@code presence.left} (default false)
 */
public record ServerOptions(Duration writeTimeout, Duration pongWait, Duration pingPeriod, int maxMessageSize,
                            Duration channelTimeout, String basePath, int maxChannelIdLength,
                            int maxQueuedFrames, long maxQueuedChars, OverflowPolicy overflowPolicy,
                            int historySize, Duration historyTtl, boolean presenceEvents) {

    /** Validates the values. */
    public ServerOptions {
        requirePositive(writeTimeout, "writeTimeout");
        requirePositive(pongWait, "pongWait");
        requirePositive(pingPeriod, "pingPeriod");
        Objects.requireNonNull(channelTimeout, "channelTimeout");
        if (channelTimeout.isNegative()) {
            throw new IllegalArgumentException("channelTimeout must not be negative");
        }
        if (pingPeriod.compareTo(pongWait) >= 0) {
            throw new IllegalArgumentException("pingPeriod must be shorter than pongWait");
        }
        if (maxMessageSize < 1 || maxChannelIdLength < 1 || maxQueuedFrames < 1 || maxQueuedChars < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        Objects.requireNonNull(basePath, "basePath");
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
            throw new IllegalArgumentException("basePath must start with '/' and not end with it: " + basePath);
        }
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        new StreamOptions(historySize, historyTtl); // validates the pair
        if (historySize >= maxQueuedFrames) {
            throw new IllegalArgumentException("historySize (" + historySize + ") must be smaller than maxQueuedFrames ("
                    + maxQueuedFrames + "): a recovery replays up to historySize messages through the connection's queue");
        }
    }

    /** The options of the first release, without streams and presence events (kept for source compatibility). */
    public ServerOptions(Duration writeTimeout, Duration pongWait, Duration pingPeriod, int maxMessageSize,
                         Duration channelTimeout, String basePath, int maxChannelIdLength,
                         int maxQueuedFrames, long maxQueuedChars, OverflowPolicy overflowPolicy) {
        this(writeTimeout, pongWait, pingPeriod, maxMessageSize, channelTimeout, basePath, maxChannelIdLength,
                maxQueuedFrames, maxQueuedChars, overflowPolicy, 0, Duration.ZERO, false);
    }

    /**
     * Write timeout 60 s, pong wait 60 s, ping period 54 s, 64 KiB messages, no channel timeout,
     * base path {@code /ws}, channel ids up to 128 characters, outbound queues of 1024 frames or
     * 4 Mi characters, slow readers disconnected, no history, no presence events.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(54), 64 * 1024,
                Duration.ZERO, "/ws", 128, 1024, 4L * 1024 * 1024, OverflowPolicy.DISCONNECT, 0, Duration.ZERO, false);
    }

    /** Whether channels expire. */
    public boolean channelsExpire() {
        return !channelTimeout.isZero();
    }

    /** A copy with another write timeout. */
    public ServerOptions withWriteTimeout(Duration d) {
        return new ServerOptions(d, pongWait, pingPeriod, maxMessageSize, channelTimeout, basePath,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, historySize, historyTtl, presenceEvents);
    }

    /** A copy with another pong wait and ping period. */
    public ServerOptions withHeartbeat(Duration pingPeriod, Duration pongWait) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, channelTimeout, basePath,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, historySize, historyTtl, presenceEvents);
    }

    /** A copy with another maximum inbound message size in bytes. */
    public ServerOptions withMaxMessageSize(int bytes) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, bytes, channelTimeout, basePath,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, historySize, historyTtl, presenceEvents);
    }

    /** A copy whose channels expire {@code d} after creation ({@link Duration#ZERO}: never). */
    public ServerOptions withChannelTimeout(Duration d) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, d, basePath,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, historySize, historyTtl, presenceEvents);
    }

    /** A copy with another base path. */
    public ServerOptions withBasePath(String path) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, channelTimeout, path,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, historySize, historyTtl, presenceEvents);
    }

    /** A copy with other outbound queue bounds and policy. */
    public ServerOptions withOutboundQueue(int frames, long chars, OverflowPolicy policy) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, channelTimeout, basePath,
                maxChannelIdLength, frames, chars, policy, historySize, historyTtl, presenceEvents);
    }

    /**
     * A copy whose channels keep a stream (docs/protocol.md "Channel streams"): the last {@code size} channel
     * messages, each for {@code ttl}, with offsets and an epoch, so that a client that rejoins with
     * {@code since}/{@code epoch} gets what it missed. {@code withHistory(0, Duration.ZERO)} turns it off.
     */
    public ServerOptions withHistory(int size, Duration ttl) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, channelTimeout, basePath,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, size, ttl, presenceEvents);
    }

    /** A copy that sends (or not) {@code presence.joined} / {@code presence.left} to every member. */
    public ServerOptions withPresenceEvents(boolean on) {
        return new ServerOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, channelTimeout, basePath,
                maxChannelIdLength, maxQueuedFrames, maxQueuedChars, overflowPolicy, historySize, historyTtl, on);
    }

    /** The stream options for the engine ({@link StreamOptions#OFF} without history). */
    public StreamOptions streamOptions() {
        return historySize == 0 ? StreamOptions.OFF : StreamOptions.of(historySize, historyTtl);
    }

    /** Whether channels keep a stream. */
    public boolean historyEnabled() {
        return historySize > 0;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
