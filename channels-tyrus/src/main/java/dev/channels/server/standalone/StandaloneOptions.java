package dev.channels.server.standalone;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How a {@link StandaloneServer} listens: the connection-level settings that only a runner owning
 * the socket can enforce. Immutable; change with the {@code with...} copies:
 * {@code StandaloneOptions.defaults().withHost("0.0.0.0")}.
 *
 * @param host             the address to bind; the loopback address by default, so a server started
 *                         without thought is not reachable from the network ({@code 0.0.0.0}: every interface)
 * @param handshakeTimeout a TCP connection that has not completed its WebSocket upgrade this long
 *                         after it was accepted (or after it finished sending its last plain HTTP request) is aborted:
 *                         silent connections and slowly dribbled handshakes cannot pile up
 * @param closeGrace       after the server queues a close frame, the peer has this long to let the
 *                         close complete; then the TCP connection is aborted (a peer that stopped
 *                         reading would otherwise hold it, and its unsent bytes, open for ever)
 * @param tls              the TLS context for {@code wss://}, or empty for plain {@code ws://}
 * @param pages            a class-path folder (like {@code dev/channels/web/}) whose files are served over
 *                         HTTP(S) at {@code /} on the same port ({@code index.html} for a folder), or empty
 *                         for none; the demo serves its chat page this way
 */
public record StandaloneOptions(String host, Duration handshakeTimeout, Duration closeGrace, Optional<SSLContext> tls,
                                Optional<String> pages) {

    /** Validates the values. */
    public StandaloneOptions {
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
    }

    /** Loopback only, 10 s to complete the handshake, 5 s close grace, no TLS, no pages. */
    public static StandaloneOptions defaults() {
        return new StandaloneOptions(InetAddress.getLoopbackAddress().getHostAddress(), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Optional.empty(), Optional.empty());
    }

    /** A copy that binds {@code host} (a name or address; {@code 0.0.0.0} for every interface). */
    public StandaloneOptions withHost(String host) {
        return new StandaloneOptions(host, handshakeTimeout, closeGrace, tls, pages);
    }

    /** A copy with another handshake timeout. */
    public StandaloneOptions withHandshakeTimeout(Duration timeout) {
        return new StandaloneOptions(host, timeout, closeGrace, tls, pages);
    }

    /** A copy with another close grace period. */
    public StandaloneOptions withCloseGrace(Duration grace) {
        return new StandaloneOptions(host, handshakeTimeout, grace, tls, pages);
    }

    /**
     * A copy that speaks TLS only ({@code wss://}). {@code sslContext} must be initialised with key
     * managers holding the server's certificate and private key; clients must trust that certificate.
     */
    public StandaloneOptions withTls(SSLContext sslContext) {
        return new StandaloneOptions(host, handshakeTimeout, closeGrace,
                Optional.of(Objects.requireNonNull(sslContext, "sslContext")), pages);
    }

    /** A copy that also serves the files of class-path folder {@code resourceRoot} (e.g. {@code "dev/channels/web/"}) at {@code /}. */
    public StandaloneOptions withPages(String resourceRoot) {
        return new StandaloneOptions(host, handshakeTimeout, closeGrace, tls,
                Optional.of(Objects.requireNonNull(resourceRoot, "resourceRoot")));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
