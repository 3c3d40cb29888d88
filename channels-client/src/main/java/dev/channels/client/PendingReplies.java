package dev.channels.client;

import dev.channels.api.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The request-reply waiters of one channel connection, keyed by correlation id.
 *
 * <p>A waiter leaves the map however its future ends: reply, error envelope, timeout (a task on the
 * client's shared scheduler), disconnect, or cancellation by the caller; its timeout task is
 * cancelled with it, so nothing leaks. Bounded: beyond {@code max} outstanding requests a new one
 * fails at once. Thread-safe: the map is concurrent; futures complete on the reader thread of the
 * connection, a scheduler thread, or the caller's thread.
 */
final class PendingReplies {

    private final Map<String, CompletableFuture<Message>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final int max;

    PendingReplies(ScheduledExecutorService scheduler, int max) {
        this.scheduler = scheduler;
        this.max = max;
    }

    /** Registers a waiter that fails with {@code onTimeout} when nothing arrives within {@code timeout}. */
    CompletableFuture<Message> register(String correlationId, Duration timeout, Supplier<RuntimeException> onTimeout) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        if (waiting.size() >= max) {
            future.completeExceptionally(new IllegalStateException(
                    "too many outstanding requests on this channel (" + max + ")"));
            return future;
        }
        if (waiting.putIfAbsent(correlationId, future) != null) {
            future.completeExceptionally(new IllegalStateException("duplicate correlationId " + correlationId));
            return future;
        }
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> future.completeExceptionally(onTimeout.get()), timeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((reply, error) -> {
            waiting.remove(correlationId, future);
            timer.cancel(false);
        });
        return future;
    }

    /** Completes the waiter for {@code correlationId}, if any; true when one was waiting. */
    boolean complete(String correlationId, Message reply) {
        CompletableFuture<Message> f = waiting.get(correlationId);
        return f != null && f.complete(reply);
    }

    /** Fails the waiter for {@code correlationId}, if any; true when one was waiting. */
    boolean fail(String correlationId, Throwable error) {
        CompletableFuture<Message> f = waiting.get(correlationId);
        return f != null && f.completeExceptionally(error);
    }

    /** Fails every waiter, e.g. when the connection dropped. */
    void failAll(Supplier<? extends Throwable> error) {
        for (CompletableFuture<Message> f : waiting.values()) {
            f.completeExceptionally(error.get());
        }
    }

    /** Outstanding requests. */
    int size() {
        return waiting.size();
    }
}
