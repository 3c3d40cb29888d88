package dev.channels.api;

/**
 * Thrown when a message body cannot be bound to the requested Java type, or there is no body.
 *
 * @since 0.1.0
 */
public class BodyBindException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public BodyBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
