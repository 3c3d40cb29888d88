package dev.channels.api.middleware;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorReplyException;
import java.time.Duration;

/**
 * Thrown by {@link TimeoutMiddleware} when a handler ran past its deadline; replies with errCode {@code "504"}.
 *
 * @since 0.1.0
 */
public class HandlerTimeoutException extends ErrorReplyException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a handler of {@code type} that exceeded {@code timeout}. */
    public HandlerTimeoutException(String type, Duration timeout) {
        super(new ErrorDetail("handler timed out",
                "handler for '" + type + "' did not finish within " + timeout.toMillis() + " ms", "504"));
    }
}
