package dev.channels.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Transport settings of a {@link ChannelClient}. Defaults follow the seed: pong wait 60 s, pings
 * every 54 s (nine tenths of the pong wait), write timeout 10 s, maximum message size 512 KiB,
 * joins within 10 s, 1,024 queued frames, the platform trust store. Immutable and thread-safe:
 * {@code ClientOptions.builder().pongWait(Duration.ofSeconds(20)).build()}, {@link #defaults()},
 * {@link #toBuilder()} for a variant.
 *
 * @since 0.1.0
 */
public final class ClientOptions {

    private static final ClientOptions DEFAULTS = new Builder().build();

    private final Duration writeTimeout;
    private final Duration pongWait;
    private final Duration pingPeriod;
    private final int maxMessageSize;
    private final Duration connectTimeout;
    private final int maxQueuedFrames;
    private final SSLContext sslContext;
    private final boolean sessions;

    private ClientOptions(Builder b) {
        Duration ping = b.pingPeriod != null ? b.pingPeriod : b.pongWait.multipliedBy(9).dividedBy(10);
        requirePositive(b.writeTimeout, "writeTimeout");
        requirePositive(b.pongWait, "pongWait");
        requirePositive(ping, "pingPeriod");
        requirePositive(b.connectTimeout, "connectTimeout");
        if (ping.compareTo(b.pongWait) >= 0) {
            throw new IllegalArgumentException("pingPeriod (" + ping + ") must be shorter than pongWait (" + b.pongWait + ")");
        }
        if (b.maxMessageSize < 1 || b.maxQueuedFrames < 1) {
            throw new IllegalArgumentException("maxMessageSize and maxQueuedFrames must be positive");
        }
        this.writeTimeout = b.writeTimeout;
        this.pongWait = b.pongWait;
        this.pingPeriod = ping;
        this.sessions = b.sessions;
        this.maxMessageSize = b.maxMessageSize;
        this.connectTimeout = b.connectTimeout;
        this.maxQueuedFrames = b.maxQueuedFrames;
        this.sslContext = b.sslContext;
    }

    /** The defaults. */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options (its ping period stays as it is unless set). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.writeTimeout = writeTimeout;
        b.pongWait = pongWait;
        b.pingPeriod = pingPeriod;
        b.sessions = sessions;
        b.maxMessageSize = maxMessageSize;
        b.connectTimeout = connectTimeout;
        b.maxQueuedFrames = maxQueuedFrames;
        b.sslContext = sslContext;
        return b;
    }

    /** How long one frame may take to be written before the connection is dropped. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * How long the client waits for a pong to its own ping before it considers the server dead and closes
     * the connection (abnormally, so reconnect applies).
     */
    public Duration pongWait() {
        return pongWait;
    }

    /** How often the client pings; shorter than {@link #pongWait()}. */
    public Duration pingPeriod() {
        return pingPeriod;
    }

    /**
     * Whether the client puts its channels on one session connection per server when the server offers
     * sessions (default true; see {@link Builder#sessions(boolean)}).
     *
     * @since 0.1.0
     */
    public boolean sessions() {
        return sessions;
    }

    /**
     * The largest text message accepted, in UTF-8 bytes; a bigger one closes the connection with 1009 and
     * ends the channel without reconnecting.
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** How long a join may take, from TCP connect to {@code join.success}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Most outgoing frames queued per connection; beyond that publish fails. */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** The TLS context for {@code wss://}, when one was given (else the platform trust store). */
    public Optional<SSLContext> ssl() {
        return Optional.ofNullable(sslContext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientOptions c && c.writeTimeout.equals(writeTimeout) && c.pongWait.equals(pongWait)
                && c.pingPeriod.equals(pingPeriod) && c.maxMessageSize == maxMessageSize && c.sessions == sessions
                && c.connectTimeout.equals(connectTimeout) && c.maxQueuedFrames == maxQueuedFrames
                && Objects.equals(c.sslContext, sslContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(writeTimeout, pongWait, pingPeriod, maxMessageSize, connectTimeout, maxQueuedFrames, sslContext, sessions);
    }

    @Override
    public String toString() {
        return "ClientOptions[writeTimeout=" + writeTimeout + ", pongWait=" + pongWait + ", pingPeriod=" + pingPeriod
                + ", maxMessageSize=" + maxMessageSize + ", connectTimeout=" + connectTimeout
                + ", maxQueuedFrames=" + maxQueuedFrames + ", tls=" + (sslContext != null ? "own context" : "platform") + ", sessions=" + sessions + "]";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * Builds {@link ClientOptions}; starts from the defaults, checks them in {@link #build()}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Duration writeTimeout = Duration.ofSeconds(10);
        private Duration pongWait = Duration.ofSeconds(60);
        private Duration pingPeriod; // null: nine tenths of pongWait
        private boolean sessions = true;
        private int maxMessageSize = 512 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxQueuedFrames = 1024;
        private SSLContext sslContext;

        private Builder() {
        }

        /** How long one frame may take to be written (default 10 s). */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = Objects.requireNonNull(timeout, "writeTimeout");
            return this;
        }

        /** How long to wait for a pong (default 60 s); unless {@link #pingPeriod} is set, pings go every nine tenths of it. */
        public Builder pongWait(Duration wait) {
            this.pongWait = Objects.requireNonNull(wait, "pongWait");
            this.pingPeriod = null;
            return this;
        }

        /** How often to ping (default nine tenths of the pong wait); shorter than the pong wait. */
        public Builder pingPeriod(Duration period) {
            this.pingPeriod = Objects.requireNonNull(period, "pingPeriod");
            return this;
        }

        /** The largest text message accepted, in UTF-8 bytes (default 512 KiB). */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** How long a join may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /** Most outgoing frames queued per connection (default 1,024). */
        public Builder maxQueuedFrames(int frames) {
            this.maxQueuedFrames = frames;
            return this;
        }

        /** Uses {@code context} for {@code wss://} instead of the platform trust store. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException when a value is out of range or the ping period is not shorter than the pong wait
         */
        /**
         * Whether to multiplex (default true): every channel joined at the same base URI(s) with the same
         * headers shares one session connection ({@code {base}}, docs/protocol.md "Sessions"), joined with
         * {@code channel.join}; a server without sessions (it answers {@code {base}} with 404 or closes it
         * before {@code session.ready}, e.g. a Go server) gets one connection per channel, as with false.
         *
         * @since 0.1.0
         */
        public Builder sessions(boolean multiplex) {
            this.sessions = multiplex;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}
