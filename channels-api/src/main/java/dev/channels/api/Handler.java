package dev.channels.api;

import java.util.Optional;

/**
 * Handles one message type on a server or a client: the seed's {@code HandlerFunc}.
 *
 * <p>Return the reply, or {@link Message#noContent()} to send nothing. Throwing hands the failure
 * to the error handler: on a server the sender gets an {@link ErrorMessage}; the connection stays
 * open either way.
 *
 * <pre>{@code
 * Handler echo = (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles {@code msg}.
     *
     * @param ctx the connection and deadline of this invocation
     * @param msg the message, with {@code clientId} and {@code channelId} stamped by the server
     * @return the reply, or empty for none
     * @throws Exception any failure, turned into an error reply
     */
    Optional<Message> handle(HandlerContext ctx, Message msg) throws Exception;
}
