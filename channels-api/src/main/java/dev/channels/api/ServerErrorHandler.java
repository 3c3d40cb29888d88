package dev.channels.api;

/**
 * Turns a handler failure into the error envelope sent to the sender: the seed's
 * {@code ServerErrorHandlerFunc}. Replaceable on the server; {@link #DEFAULT} mirrors the seed.
 */
@FunctionalInterface
public interface ServerErrorHandler {

    /**
     * The seed's behaviour: an {@link ErrorReplyException}'s own detail, otherwise
     * {@code {"title":"unexpected server error","description":<message>,"errCode":"500"}}.
     */
    ServerErrorHandler DEFAULT = (msg, error) -> {
        if (error instanceof ErrorReplyException reply) {
            return msg.toError(reply.detail());
        }
        String description = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        return msg.toError(ErrorDetail.unexpected(description));
    };

    /**
     * Returns the error envelope for {@code msg}, whose handling failed with {@code error}, or
     * {@code null} to send nothing.
     */
    ErrorMessage handle(Message msg, Throwable error);
}
