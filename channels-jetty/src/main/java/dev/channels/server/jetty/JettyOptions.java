package dev.channels.server.jetty;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How a {@link JettyChannelServer} listens: the connection-level settings that only a runner owning
 * the socket can enforce, the same as the Tyrus runner's {@code StandaloneOptions} plus Jetty's
 * thread pool size. Immutable; change with the {@code with...} copies:
 * {@code JettyOptions.defaults().withHost("0.0.0.0")}.
 *
 * @param host             the address to bind; the loopback address by default, so a server started
 *                         without thought is not reachable from the network ({@code 0.0.0.0}: every interface)
 * @param handshakeTimeout a TCP connection that has not completed its WebSocket upgrade this long
 *                         after it was accepted (or after its last plain HTTP request completed) is
 *                         aborted: silent connections and slowly dribbled handshakes cannot pile up
 * @param closeGrace       after the server queues a close frame, the peer has this long to let the
 *                         close complete; then the TCP connection is aborted
 * @param tls              the TLS context for {@code wss://}, or empty for plain {@code ws://}
 * @param pages            a class-path folder (like {@code dev/channels/web/}) whose files are served over
 *                         HTTP(S) at {@code /} on the same port ({@code index.html} for a folder), or empty
 *                         for none
 * @param maxThreads       the most threads of Jetty's pool (selectors, acceptors and the endpoint's
 *                         callbacks all run on it); 200 by default, as Jetty's own default
 */
public record JettyOptions(String host, Duration handshakeTimeout, Duration closeGrace, Optional<SSLContext> tls,
                           Optional<String> pages, int maxThreads) {

    /** The fewest threads Jetty needs for one connector (acceptor, selectors) with room to run callbacks. */
    static final int MIN_THREADS = 8;

    /** Validates the values. */
    public JettyOptions {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(closeGrace, "closeGrace");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(pages, "pages");
        pages.ifPresent(root -> {
            if (!root.endsWith("/") || root.startsWith("/")) {
                throw new IllegalArgumentException("pages must be a class-path folder like dev/channels/web/, got " + root);
            }
        });
        if (maxThreads < MIN_THREADS) {
            throw new IllegalArgumentException("maxThreads must be at least " + MIN_THREADS + ", got " + maxThreads);
        }
    }

    /** Loopback only, 10 s to complete the handshake, 5 s close grace, no TLS, no pages, 200 threads. */
    public static JettyOptions defaults() {
        return new JettyOptions(InetAddress.getLoopbackAddress().getHostAddress(), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Optional.empty(), Optional.empty(), 200);
    }

    /** A copy that binds {@code host} (a name or address; {@code 0.0.0.0} for every interface). */
    public JettyOptions withHost(String host) {
        return new JettyOptions(host, handshakeTimeout, closeGrace, tls, pages, maxThreads);
    }

    /** A copy with another handshake timeout. */
    public JettyOptions withHandshakeTimeout(Duration timeout) {
        return new JettyOptions(host, timeout, closeGrace, tls, pages, maxThreads);
    }

    /** A copy with another close grace period. */
    public JettyOptions withCloseGrace(Duration grace) {
        return new JettyOptions(host, handshakeTimeout, grace, tls, pages, maxThreads);
    }

    /**
     * A copy that speaks TLS only ({@code wss://}). {@code sslContext} must be initialised with key
     * managers holding the server's certificate and private key; clients must trust that certificate.
     */
    public JettyOptions withTls(SSLContext sslContext) {
        return new JettyOptions(host, handshakeTimeout, closeGrace,
                Optional.of(Objects.requireNonNull(sslContext, "sslContext")), pages, maxThreads);
    }

    /** A copy that also serves the files of class-path folder {@code resourceRoot} (e.g. {@code "dev/channels/web/"}) at {@code /}. */
    public JettyOptions withPages(String resourceRoot) {
        return new JettyOptions(host, handshakeTimeout, closeGrace, tls,
                Optional.of(Objects.requireNonNull(resourceRoot, "resourceRoot")), maxThreads);
    }

    /** A copy with another maximum size of Jetty's thread pool. */
    public JettyOptions withMaxThreads(int threads) {
        return new JettyOptions(host, handshakeTimeout, closeGrace, tls, pages, threads);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
