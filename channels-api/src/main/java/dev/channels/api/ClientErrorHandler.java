package dev.channels.api;

/**
 * Called on a client when one of its own listeners failed while handling {@code msg}: the seed's
 * {@code ClientErrorHandlerFunc}. Log, retry, or ignore; the connection stays open.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ClientErrorHandler {

    /** Handles the failure of the listener for {@code msg}. */
    void handle(Message msg, Throwable error);
}
