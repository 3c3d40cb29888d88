package dev.channels.api;

/**
 * Turns a handler failure into the error envelope sent to the sender: the seed's
 * {@code ServerErrorHandlerFunc}. Replaceable on the server.
 *
 * <p>{@link #DEFAULT} never sends a handler's exception text to the client (it may hold internal
 * names, queries or data): an unexpected failure is a {@code "500"} whose description gives only
 * the error id that the server logged with the exception. {@link #WITH_EXCEPTION_TEXT} is the seed's
 * behaviour, the exception message as description, for development. Both answer a
 * {@link BodyBindException} with {@code "400"} (the client's body did not fit), an
 * {@link ErrorReplyException} with its own detail, and a {@link ChannelNotFoundException} (a reply
 * routed to a channel that does not exist) with {@code "500"} and the library's own message.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ServerErrorHandler {

    /**
     * An {@link ErrorReplyException}'s own detail; a {@link BodyBindException}:
     * {@code {"title":"bad request","description":"the body of the 'T' message does not fit ...","errCode":"400"}};
     * anything else: {@code {"title":"unexpected server error","description":"... error id <id> ...","errCode":"500"}}.
     */
    ServerErrorHandler DEFAULT = new StandardServerErrorHandler(false);

    /**
     * As {@link #DEFAULT}, but the description is the exception's message (its class name when it
     * has none), as in the seed. Sends server internals to clients: for development only.
     */
    ServerErrorHandler WITH_EXCEPTION_TEXT = new StandardServerErrorHandler(true);

    /**
     * Returns the error envelope for {@code msg}, whose handling failed with {@code error}, or
     * {@code null} to send nothing.
     */
    ErrorMessage handle(Message msg, Throwable error);

    /**
     * As {@link #handle(Message, Throwable)}, knowing the id under which the server logged the
     * failure (the server also puts it in the {@link ChannelHeaders#ERROR_ID} header of the envelope).
     * Calls {@link #handle(Message, Throwable)} unless overridden.
     */
    default ErrorMessage handle(Message msg, Throwable error, String errorId) {
        return handle(msg, error);
    }
}
