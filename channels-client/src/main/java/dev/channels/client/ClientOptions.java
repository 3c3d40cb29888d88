package dev.channels.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Transport settings of a {@link ChannelClient}. Defaults follow the seed: pong wait 60 s, pings
 * every 54 s (nine tenths of the pong wait), write timeout 10 s, maximum message size 512 KiB.
 *
 * @param writeTimeout    how long one frame may take to be written before the connection is dropped
 * @param pongWait        how long the client waits for a pong to its own ping before it considers the
 *                        server dead and closes the connection (abnormally, so reconnect applies)
 * @param pingPeriod      how often the client pings; must be shorter than {@code pongWait}
 * @param maxMessageSize  the largest text message accepted, in UTF-8 bytes; a bigger one closes the
 *                        connection with 1009 and ends the channel without reconnecting
 * @param connectTimeout  how long a join may take, from TCP connect to {@code join.success}
 * @param maxQueuedFrames most outgoing frames queued per connection; beyond that publish fails
 * @param sslContext      the TLS context for {@code wss://}; {@code null} for the platform trust store
 */
public record ClientOptions(Duration writeTimeout, Duration pongWait, Duration pingPeriod, int maxMessageSize,
                            Duration connectTimeout, int maxQueuedFrames, SSLContext sslContext) {

    /** Validates the values. */
    public ClientOptions {
        requirePositive(writeTimeout, "writeTimeout");
        requirePositive(pongWait, "pongWait");
        requirePositive(pingPeriod, "pingPeriod");
        requirePositive(connectTimeout, "connectTimeout");
        if (pingPeriod.compareTo(pongWait) >= 0) {
            throw new IllegalArgumentException("pingPeriod (" + pingPeriod + ") must be shorter than pongWait (" + pongWait + ")");
        }
        if (maxMessageSize < 1 || maxQueuedFrames < 1) {
            throw new IllegalArgumentException("maxMessageSize and maxQueuedFrames must be positive");
        }
    }

    /** The defaults. */
    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(54),
                512 * 1024, Duration.ofSeconds(10), 1024, null);
    }

    /** A copy with another write timeout. */
    public ClientOptions withWriteTimeout(Duration d) {
        return new ClientOptions(d, pongWait, pingPeriod, maxMessageSize, connectTimeout, maxQueuedFrames, sslContext);
    }

    /** A copy with another pong wait; the ping period becomes nine tenths of it. */
    public ClientOptions withPongWait(Duration d) {
        return new ClientOptions(writeTimeout, d, d.multipliedBy(9).dividedBy(10), maxMessageSize, connectTimeout,
                maxQueuedFrames, sslContext);
    }

    /** A copy with another maximum message size. */
    public ClientOptions withMaxMessageSize(int size) {
        return new ClientOptions(writeTimeout, pongWait, pingPeriod, size, connectTimeout, maxQueuedFrames, sslContext);
    }

    /** A copy with another connect timeout. */
    public ClientOptions withConnectTimeout(Duration d) {
        return new ClientOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, d, maxQueuedFrames, sslContext);
    }

    /** A copy with another bound on queued outgoing frames. */
    public ClientOptions withMaxQueuedFrames(int frames) {
        return new ClientOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, connectTimeout, frames, sslContext);
    }

    /** A copy that uses {@code context} for {@code wss://} instead of the platform trust store. */
    public ClientOptions withSslContext(SSLContext context) {
        return new ClientOptions(writeTimeout, pongWait, pingPeriod, maxMessageSize, connectTimeout, maxQueuedFrames,
                Objects.requireNonNull(context, "sslContext"));
    }

    /** The TLS context, when one was given. */
    public Optional<SSLContext> ssl() {
        return Optional.ofNullable(sslContext);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
