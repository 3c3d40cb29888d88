package dev.channels.client;

import java.net.URI;

/**
 * A join that did not end with {@code join.success}. {@link #reason()} says why, the message names
 * the URI and the cause.
 *
 * @since 0.1.0
 */
public class JoinException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Why a join failed.
     *
     * @since 0.1.0
     */
    public enum Reason {
        /**
         * The server answered the handshake with something other than 101 (e.g. 401, 403, 404; see
         * {@link #httpStatus()}), or accepted it and closed at once with 1008 (policy violation), which
         * is how a portable Jakarta WebSocket server refuses a join.
         */
        REFUSED,
        /** Nothing listens at the address, or the host is unknown or unreachable. */
        UNREACHABLE,
        /** The handshake or the {@code join.success} did not arrive within the connect timeout. */
        TIMEOUT,
        /** The server closed the connection before sending {@code join.success}. */
        CLOSED,
        /** The client was closed, or the calling thread interrupted, while joining. */
        CANCELLED,
        /**
         * The TLS handshake of a {@code wss://} join failed: typically the server's certificate is not
         * trusted by the client's {@code SSLContext} (or the platform trust store when none was given),
         * or its host name does not match; the cause is the {@code SSLException}.
         */
        TLS,
        /**
         * The server's {@code join.success} is not valid: it names another channel than the one
         * joined, or carries no clientID. The client closes the connection (1002) without joining.
         */
        PROTOCOL
    }

    private final Reason reason;
    private final transient URI uri;
    private final int httpStatus;

    /** Creates the exception. {@code httpStatus} is the handshake's status, or -1 when unknown. */
    public JoinException(Reason reason, URI uri, int httpStatus, String detail, Throwable cause) {
        super("joining " + uri + " failed (" + reason + (httpStatus > 0 ? ", HTTP " + httpStatus : "") + "): "
                + detail, cause);
        this.reason = reason;
        this.uri = uri;
        this.httpStatus = httpStatus;
    }

    /** Why the join failed. */
    public Reason reason() {
        return reason;
    }

    /** The URI the client tried to open. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status of a refused handshake, or -1 when unknown or not refused. */
    public int httpStatus() {
        return httpStatus;
    }
}
