package dev.channels.api;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A handler that answers later: it returns at once with a {@link CompletionStage} of the reply and
 * must not block, so a server runs it on the thread that read its frame ({@link Execution#NON_BLOCKING}
 * by its signature). The server routes the reply when the stage completes, bounded by the handler's
 * deadline ({@link HandlerContext#deadline()}, e.g. set by {@code TimeoutMiddleware}) or, without
 * one, by 60 seconds; a stage that fails, or does not complete in time (errCode {@code "504"}), gets
 * the sender an error envelope. The connection's later frames wait for the stage: replies keep the
 * order of their requests. Middleware wraps the call that returns the stage, not the reply.
 *
 * <pre>{@code
 * AsyncHandler quote = (ctx, msg) -> prices.lookup(msg.body())   // a CompletionStage<Price>
 *         .thenApply(p -> Optional.of(msg.newFrom("quote").withBody(p)));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncHandler {

    /**
     * Starts handling {@code msg}; must not block.
     *
     * @param ctx the connection and deadline of this invocation
     * @param msg the message, with {@code clientId} and {@code channelId} stamped by the server
     * @return the reply, or empty for none, when it is known
     * @throws Exception any failure, turned into an error reply
     */
    CompletionStage<Optional<Message>> handle(HandlerContext ctx, Message msg) throws Exception;

    /** Where the server may run it: {@link Execution#NON_BLOCKING} by its signature; {@link Execution#BLOCKING} for one that blocks before it returns its stage. */
    default Execution execution() {
        return Execution.NON_BLOCKING;
    }

    /** Checks {@code handler} is not null and returns it (for symmetry with {@link Handler#nonBlocking}). */
    static AsyncHandler of(AsyncHandler handler) {
        return Objects.requireNonNull(handler, "handler");
    }
}
