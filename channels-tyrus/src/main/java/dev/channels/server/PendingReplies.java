package dev.channels.server;

import dev.channels.api.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Waiters of broadcast-and-await, by correlation id. A waiter is removed when it completes, times
 * out or is cancelled, so none outlives its call. Thread-safe.
 */
final class PendingReplies {

    private final Map<String, CompletableFuture<Message>> waiters = new ConcurrentHashMap<>();

    /** Registers a waiter for {@code correlationId} that fails with a TimeoutException after {@code timeout}. */
    CompletableFuture<Message> register(String correlationId, Duration timeout) {
        CompletableFuture<Message> waiter = new CompletableFuture<>();
        if (waiters.putIfAbsent(correlationId, waiter) != null) {
            throw new IllegalStateException("a broadcast-and-await with correlation id " + correlationId
                    + " is already waiting");
        }
        waiter.whenComplete((m, e) -> waiters.remove(correlationId, waiter));
        waiter.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return waiter;
    }

    /** Completes the waiter of {@code message}'s correlation id, if any; returns whether one took it. */
    boolean complete(Message message) {
        if (message.correlationId().isEmpty()) {
            return false;
        }
        CompletableFuture<Message> waiter = waiters.remove(message.correlationId());
        return waiter != null && waiter.complete(message);
    }

    /** Cancels a waiter whose broadcast could not be made. */
    void cancel(String correlationId, Throwable cause) {
        CompletableFuture<Message> waiter = waiters.remove(correlationId);
        if (waiter != null) {
            waiter.completeExceptionally(cause);
        }
    }

    /** Fails every waiter (server shutdown). */
    void failAll(Throwable cause) {
        waiters.values().forEach(w -> w.completeExceptionally(cause));
        waiters.clear();
    }

    int size() {
        return waiters.size();
    }
}
