package dev.channels.client;

import dev.channels.api.ErrorMessage;

/**
 * The server answered a request-reply with an error envelope; {@link #error()} holds it.
 *
 * @since 0.1.0
 */
public class ServerErrorReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorMessage error;

    /** Creates the exception for {@code error}. */
    public ServerErrorReplyException(ErrorMessage error) {
        super("server answered '" + error.originType() + "' with an error: "
                + error.detail().map(d -> d.errCode() + " " + d.title() + ": " + d.description())
                        .orElse(error.errorBody().toString()));
        this.error = error;
    }

    /** The error envelope. */
    public ErrorMessage error() {
        return error;
    }
}
