package dev.channels.client;

import java.time.Duration;

/**
 * No message with the request's correlation id arrived within the timeout of a request-reply.
 *
 * @since 0.1.0
 */
public class RequestTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the request with {@code correlationId}. */
    public RequestTimeoutException(String channelId, String type, String correlationId, Duration timeout) {
        super("no reply to '" + type + "' on channel '" + channelId + "' (correlationId " + correlationId
                + ") within " + timeout);
    }
}
