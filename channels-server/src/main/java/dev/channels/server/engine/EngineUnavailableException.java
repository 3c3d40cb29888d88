package dev.channels.server.engine;

/**
 * The engine could not do what was asked (its backing store is unreachable, it is closed, or it
 * timed out): nothing was published, stored or changed as far as the engine knows. The server
 * reports it to the sender as an error envelope with {@code errCode} {@code "503"}, or to a
 * server-side caller as this exception.
 *
 * @since 0.1.0
 */
public class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public EngineUnavailableException(String message) {
        super(message);
    }

    /** With a message and the cause. */
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
