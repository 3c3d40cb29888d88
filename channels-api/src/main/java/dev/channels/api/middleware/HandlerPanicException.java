package dev.channels.api.middleware;

/**
 * A handler threw a {@link Throwable} that is not an {@link Exception} (an {@link AssertionError},
 * a {@link LinkageError}...): {@link RecoveryMiddleware} wraps it in this exception so that it
 * becomes an error reply like any other failure, the Java form of recovering from a Go panic.
 *
 * @since 0.1.0
 */
public class HandlerPanicException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}. */
    public HandlerPanicException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
