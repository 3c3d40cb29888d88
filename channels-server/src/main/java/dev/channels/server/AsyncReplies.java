package dev.channels.server;

import dev.channels.api.AsyncHandler;
import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * How an {@link AsyncHandler} runs inside the middleware chain: the server registers it as a
 * {@link Handler} (non-blocking) that calls it, leaves its stage in a holder the dispatcher put in the
 * context ({@link #withHolder}), and returns no reply; the dispatcher routes the reply when the stage
 * completes. Middleware thus wraps the call that starts the work, not the reply.
 */
final class AsyncReplies {

    /** Without a deadline in the context, how long a stage may take. */
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(60);

    private static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "dev.channels.server.AsyncReplies.stage";
        }
    };

    /** The stage of one handled message and the deadline its handler saw; written by the handler's thread, read by the dispatcher's after the chain returned (same thread). */
    static final class Holder {
        private CompletionStage<Optional<Message>> stage;
        private Instant deadline;
        /** The bound the stage was given ({@link #bounded}), for the 504's text. */
        Duration bound = DEFAULT_BOUND;
    }

    private AsyncReplies() {
    }

    /** {@code handler} as a {@link Handler} for the middleware chain, of the handler's {@link AsyncHandler#execution()}. */
    static Handler adapt(AsyncHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Handler adapted = new Handler() {
            @Override
            public Optional<Message> handle(HandlerContext ctx, Message msg) throws Exception {
                Holder holder = ctx.value(KEY, Holder.class).orElseThrow(() -> new IllegalStateException(
                        "an AsyncHandler runs only in a ChannelServer"));
                holder.stage = Objects.requireNonNull(handler.handle(ctx, msg), "an AsyncHandler returned null");
                holder.deadline = ctx.deadline().orElse(null);
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "async " + handler;
            }
        };
        // non-blocking by its signature, unless the handler says otherwise (a CDI @Blocking observer)
        return handler.execution() == dev.channels.api.Execution.BLOCKING ? Handler.blocking(adapted) : Handler.nonBlocking(adapted);
    }

    /** A child of {@code ctx} with a fresh holder, and the holder. */
    static HandlerContext withHolder(HandlerContext ctx, Holder holder) {
        return ctx.withValue(KEY, holder);
    }

    /** The stage the handler left, completed or failed by its deadline (a {@link java.util.concurrent.TimeoutException}); null when it did not run. */
    static CompletableFuture<Optional<Message>> bounded(Holder holder) {
        if (holder.stage == null) {
            return null;
        }
        CompletableFuture<Optional<Message>> bounded = new CompletableFuture<>();
        holder.stage.whenComplete((reply, failure) -> {
            if (failure != null) {
                bounded.completeExceptionally(failure);
            } else {
                bounded.complete(reply);
            }
        });
        if (!bounded.isDone()) {
            holder.bound = bound(holder);
            bounded.orTimeout(Math.max(0, holder.bound.toNanos()), TimeUnit.NANOSECONDS);
        }
        return bounded;
    }

    /** How long the stage may still take. */
    static Duration bound(Holder holder) {
        return holder.deadline == null ? DEFAULT_BOUND : Duration.between(Instant.now(), holder.deadline);
    }
}
