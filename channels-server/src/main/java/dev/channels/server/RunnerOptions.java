package dev.channels.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How a standalone runner listens: the connection-level settings that only a runner owning the socket can
 * enforce, the same for the Tyrus runner ({@code StandaloneServer}, channels-tyrus) and the Jetty runner
 * ({@code JettyChannelServer}, channels-jetty). Immutable and thread-safe:
 * {@code RunnerOptions.builder().host("0.0.0.0").tls(sslContext).build()}, {@link #defaults()},
 * {@link #toBuilder()} for a variant. The channel server's own settings are {@link ServerOptions}.
 *
 * @since 0.1.0
 */
public final class RunnerOptions {

    /** The fewest threads Jetty needs for one connector (acceptor, selectors) with room to run callbacks. */
    public static final int MIN_THREADS = 8;

    private static final RunnerOptions DEFAULTS = new Builder().build();

    private final String host;
    private final Duration handshakeTimeout;
    private final Duration closeGrace;
    private final Optional<SSLContext> tls;
    private final Optional<String> pages;
    private final int maxThreads;
    private final boolean eventLoopReads;

    private RunnerOptions(Builder b) {
        Objects.requireNonNull(b.host, "host");
        if (b.host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        requirePositive(b.handshakeTimeout, "handshakeTimeout");
        requirePositive(b.closeGrace, "closeGrace");
        b.pages.ifPresent(root -> {
            if (!root.endsWith("/") || root.startsWith("/")) {
                throw new IllegalArgumentException("pages must be a class-path folder like dev/channels/web/, got " + root);
            }
        });
        if (b.maxThreads < MIN_THREADS) {
            throw new IllegalArgumentException("maxThreads must be at least " + MIN_THREADS + ", got " + b.maxThreads);
        }
        this.host = b.host;
        this.handshakeTimeout = b.handshakeTimeout;
        this.closeGrace = b.closeGrace;
        this.tls = b.tls;
        this.pages = b.pages;
        this.maxThreads = b.maxThreads;
        this.eventLoopReads = b.eventLoopReads;
    }

    /** Loopback only, 10 s to complete the handshake, 5 s close grace, no TLS, no pages, 200 threads. */
    public static RunnerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.handshakeTimeout = handshakeTimeout;
        b.closeGrace = closeGrace;
        b.tls = tls;
        b.pages = pages;
        b.maxThreads = maxThreads;
        b.eventLoopReads = eventLoopReads;
        return b;
    }

    /** The address to bind; the loopback address by default ({@code 0.0.0.0}: every interface). */
    public String host() {
        return host;
    }

    /**
     * A TCP connection that has not completed its WebSocket upgrade this long after it was accepted (or
     * after its last plain HTTP request) is aborted: silent connections and dribbled handshakes cannot pile up.
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * After the server queues a close frame, the peer has this long to let the close complete; then the
     * TCP connection is aborted (a peer that stopped reading would otherwise hold it open for ever).
     */
    public Duration closeGrace() {
        return closeGrace;
    }

    /** The TLS context for {@code wss://}, or empty for plain {@code ws://}. */
    public Optional<SSLContext> tls() {
        return tls;
    }

    /**
     * A class-path folder (like {@code dev/channels/web/}) whose files are served over HTTP(S) at {@code /}
     * on the same port ({@code index.html} for a folder), or empty for none.
     */
    public Optional<String> pages() {
        return pages;
    }

    /**
     * The most threads of the runner's pool where the runner sizes one: Jetty's (selectors, acceptors and the
     * endpoint's callbacks all run on it; 200 by default, as Jetty's own). The Tyrus runner's Grizzly sizes
     * its worker pool itself and ignores this.
     */
    public int maxThreads() {
        return maxThreads;
    }

    /**
     * Whether the Tyrus runner reads, handles and answers a WebSocket connection's frames on the Grizzly
     * selector thread that found them ({@link ReadThread#EVENT_LOOP}) instead of handing each read to a
     * worker ({@link ReadThread#MAY_BLOCK}); off by default. On, a non-blocking handler costs no thread
     * hand-off (request-reply: about half the server CPU per reply at 15,000/s, channels-bench), and every
     * handler not declared non-blocking runs on its connection's worker lane (README "Execution model").
     * A rate limit's {@code 429} or {@code 1008} still comes after the replies of the frames before it, but
     * the runner's frame guard closes a connection that sends a frame too big, binary or unmasked (or floods
     * pings) at once, before the replies of frames still on its lane. The Jetty runner reads on its pool and
     * ignores this.
     */
    public boolean eventLoopReads() {
        return eventLoopReads;
    }

    /**
     * Where a runner with these options, listening on {@code port}, serves channel {@code channelId}
     * of a server whose base path is {@code basePath}: {@code ws://<host>:<port><basePath>/<channelId>},
     * or {@code wss://...} with {@link #tls()}; the host is {@code localhost} when the runner listens on
     * the loopback address or on every interface. Both runners' {@code channelUri} are this.
     */
    public URI channelUri(int port, String basePath, String channelId) {
        return URI.create((tls.isPresent() ? "wss" : "ws") + "://" + uriHost() + ":" + port + basePath + "/" + channelId);
    }

    /**
     * {@code http://<host>:<port>/} ({@code https://} with {@link #tls()}): where a runner with these
     * options, listening on {@code port}, serves the {@link #pages()}; the host as in {@link #channelUri}.
     */
    public URI pageUri(int port) {
        return URI.create((tls.isPresent() ? "https" : "http") + "://" + uriHost() + ":" + port + "/");
    }

    private String uriHost() {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                return "localhost";
            }
        } catch (UnknownHostException e) {
            // keep the name as given
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunnerOptions r && r.host.equals(host) && r.handshakeTimeout.equals(handshakeTimeout)
                && r.closeGrace.equals(closeGrace) && r.tls.equals(tls) && r.pages.equals(pages) && r.maxThreads == maxThreads
                && r.eventLoopReads == eventLoopReads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, handshakeTimeout, closeGrace, tls, pages, maxThreads, eventLoopReads);
    }

    @Override
    public String toString() {
        return "RunnerOptions[host=" + host + ", handshakeTimeout=" + handshakeTimeout + ", closeGrace=" + closeGrace
                + ", tls=" + tls.isPresent() + ", pages=" + pages.orElse("none") + ", maxThreads=" + maxThreads + ", eventLoopReads=" + eventLoopReads + "]";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /**
     * Builds {@link RunnerOptions}; starts from the defaults, checks them in {@link #build()}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String host = InetAddress.getLoopbackAddress().getHostAddress();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration closeGrace = Duration.ofSeconds(5);
        private Optional<SSLContext> tls = Optional.empty();
        private Optional<String> pages = Optional.empty();
        private int maxThreads = 200;
        private boolean eventLoopReads;

        private Builder() {
        }

        /** Reads and handles frames on the selector threads ({@link RunnerOptions#eventLoopReads()}); off by default. */
        public Builder eventLoopReads(boolean on) {
            this.eventLoopReads = on;
            return this;
        }

        /** Binds {@code host} (a name or address; {@code 0.0.0.0} for every interface). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** How long a connection may take to complete its upgrade (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "handshakeTimeout");
            return this;
        }

        /** How long a peer has to complete a close the server started (default 5 s). */
        public Builder closeGrace(Duration grace) {
            this.closeGrace = Objects.requireNonNull(grace, "closeGrace");
            return this;
        }

        /**
         * Speaks TLS only ({@code wss://}). {@code sslContext} must be initialised with key managers holding
         * the server's certificate and private key; clients must trust that certificate.
         */
        public Builder tls(SSLContext sslContext) {
            this.tls = Optional.of(Objects.requireNonNull(sslContext, "sslContext"));
            return this;
        }

        /** Also serves the files of class-path folder {@code resourceRoot} (e.g. {@code "dev/channels/web/"}) at {@code /}. */
        public Builder pages(String resourceRoot) {
            this.pages = Optional.of(Objects.requireNonNull(resourceRoot, "resourceRoot"));
            return this;
        }

        /** The most threads of Jetty's pool (default 200, at least {@value RunnerOptions#MIN_THREADS}; see {@link RunnerOptions#maxThreads()}). */
        public Builder maxThreads(int threads) {
            this.maxThreads = threads;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException when a value is out of range
         */
        public RunnerOptions build() {
            return new RunnerOptions(this);
        }
    }
}
