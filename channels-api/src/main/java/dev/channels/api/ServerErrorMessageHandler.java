package dev.channels.api;

/**
 * Called on a client when the server answered one of its messages with an {@link ErrorMessage}:
 * the seed's {@code ClientErrorMsgHandlerFunc}. The envelope carries the failed message's type and
 * body, so the client may log it or send it again.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ServerErrorMessageHandler {

    /** Handles an error envelope from the server. */
    void handle(ErrorMessage error);
}
