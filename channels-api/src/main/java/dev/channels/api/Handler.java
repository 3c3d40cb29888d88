package dev.channels.api;

import java.util.Objects;
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
 * <p>Execution: a handler is {@link Execution#BLOCKING} unless declared non-blocking with
 * {@link #nonBlocking(Handler)}. On a runtime that reads frames on an event loop a blocking handler runs
 * on the connection's worker lane (a worker or a virtual thread), a non-blocking one on the thread that
 * read its frame; elsewhere both run inline on the reading thread. Replies keep the order of their
 * requests either way. For a reply that comes later, see {@link AsyncHandler}.
 *
 * <pre>{@code
 * Handler echo = Handler.nonBlocking((ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())));
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

    /**
     * Where a server may run this handler: {@link Execution#BLOCKING} unless it came from
     * {@link #nonBlocking(Handler)}. Read once, when the handler is registered (before middleware wraps it).
     */
    default Execution execution() {
        return Execution.BLOCKING;
    }

    /** {@code handler}, declared {@link Execution#NON_BLOCKING}: it never blocks, so it may run on an event loop. */
    static Handler nonBlocking(Handler handler) {
        return new DeclaredHandler(handler, Execution.NON_BLOCKING);
    }

    /** {@code handler}, declared {@link Execution#BLOCKING} (the default; for readability). */
    static Handler blocking(Handler handler) {
        return new DeclaredHandler(handler, Execution.BLOCKING);
    }
}

/** A handler with a declared {@link Execution}; immutable. */
record DeclaredHandler(Handler delegate, Execution execution) implements Handler {

    DeclaredHandler {
        Objects.requireNonNull(delegate, "handler");
        Objects.requireNonNull(execution, "execution");
    }

    @Override
    public Optional<Message> handle(HandlerContext ctx, Message msg) throws Exception {
        return delegate.handle(ctx, msg);
    }

    @Override
    public String toString() {
        return delegate + " (" + execution + ")";
    }
}
