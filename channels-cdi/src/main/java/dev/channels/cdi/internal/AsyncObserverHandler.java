package dev.channels.cdi.internal;

import dev.channels.api.AsyncHandler;
import dev.channels.api.Execution;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.Replies;
import dev.channels.cdi.Inbound;
import dev.channels.cdi.Reply;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The server's handler for a message type with an observer that returns a {@code CompletionStage}:
 * fires the {@link Inbound} as {@link ObserverHandler} does, but ends the handling, and so takes the
 * reply, only when the stages the observers returned have completed ({@link Inbound#completeWhen}):
 * an observer may reply from the thread that completes its stage. Non-blocking unless an observer of
 * the type is declared {@code @Blocking}. Holds no mutable state.
 */
final class AsyncObserverHandler implements AsyncHandler {

    private final String type;
    private final InboundDispatcher dispatcher;
    private final Execution execution;

    AsyncObserverHandler(String type, InboundDispatcher dispatcher, Execution execution) {
        this.type = type;
        this.dispatcher = dispatcher;
        this.execution = execution;
    }

    @Override
    public CompletionStage<Optional<Message>> handle(HandlerContext ctx, Message msg) throws Exception {
        Inbound inbound = Inbound.of(ctx, msg);
        try {
            dispatcher.dispatch(type, inbound);
        } catch (Exception | Error e) {
            inbound.complete();
            throw e;
        }
        Optional<CompletionStage<?>> pending = inbound.pendingStage();
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(routed(ctx, inbound.complete()));
        }
        return pending.get().handle((done, failure) -> {
            Optional<Reply> reply = inbound.complete();
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            return routed(ctx, reply);
        });
    }

    private static Optional<Message> routed(HandlerContext ctx, Optional<Reply> reply) {
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        Message out = reply.get().message();
        return reply.get().route() == Reply.Route.CHANNEL ? Replies.toChannel(ctx, out) : Replies.toSender(ctx, out);
    }

    @Override
    public Execution execution() {
        return execution;
    }

    @Override
    public String toString() {
        return "async observers of '" + type + "'";
    }
}
