package dev.channels.api;

import java.util.Objects;

/**
 * Thrown by a handler to fail with a chosen {@link ErrorDetail}: the default server error
 * handler sends this detail to the sender instead of a generic {@code "500"}.
 *
 * @since 0.1.0
 */
public class ErrorReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetail detail;

    /** Fails with {@code detail}. */
    public ErrorReplyException(ErrorDetail detail) {
        this(detail, null);
    }

    /** Fails with {@code detail}, keeping {@code cause} for logs. */
    public ErrorReplyException(ErrorDetail detail, Throwable cause) {
        super(Objects.requireNonNull(detail, "detail").title() + ": " + detail.description(), cause);
        this.detail = detail;
    }

    /** The detail to send. */
    public ErrorDetail detail() {
        return detail;
    }
}
