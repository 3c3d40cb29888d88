package dev.channels.server;

import dev.channels.api.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Waiters of broadcast-and-await, by correlation id. A waiter is bound to the channel instance it
 * broadcast to: only a message from a member of that channel (its {@code channelId} is stamped by the
 * server) completes it, so a client elsewhere that happens to use the same correlation id neither
 * answers it nor loses its own message. A waiter is removed on every exit: reply, timeout, cancel by
 * the caller ({@code whenComplete}), its channel gone ({@link #failChannel}), server closed
 * ({@link #failAll}). Thread-safe: the map is concurrent and each waiter completes once.
 */
final class PendingReplies {

    /** {@code channel}: the local channel instance broadcast to, or null when this node had no member of it (cluster engine). */
    private record Waiter(String channelId, ChannelRegistry.Channel channel, CompletableFuture<Message> future) {

        boolean answerableFrom(Member member) {
            return channel != null ? channel == member.channel() : channelId.equals(member.channelId());
        }
    }

    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();

    /**
     * Registers a waiter for {@code correlationId} on {@code channel} that fails with a
     * TimeoutException after {@code timeout}. When a waiter with that correlation id exists already,
     * returns a future already failed with {@link IllegalStateException} and leaves the existing
     * waiter alone (check {@code isDone()} before broadcasting).
     */
    CompletableFuture<Message> register(String correlationId, ChannelRegistry.Channel channel, Duration timeout) {
        return register(correlationId, channel.id, channel, timeout);
    }

    /**
     * Like {@link #register(String, ChannelRegistry.Channel, Duration)} for a channel that has members on
     * other nodes only: any member of {@code channelId} may answer, and no local channel's end fails it.
     */
    CompletableFuture<Message> registerRemote(String correlationId, String channelId, Duration timeout) {
        return register(correlationId, channelId, null, timeout);
    }

    private CompletableFuture<Message> register(String correlationId, String channelId, ChannelRegistry.Channel channel,
                                                Duration timeout) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(channelId, channel, future);
        if (waiters.putIfAbsent(correlationId, waiter) != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("a broadcast-and-await with correlation id "
                    + correlationId + " is already waiting"));
        }
        future.whenComplete((m, e) -> waiters.remove(correlationId, waiter));
        future.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return future;
    }

    /**
     * Completes the waiter of {@code message}'s correlation id when {@code from} is a member of its
     * channel; returns whether one took it.
     */
    boolean complete(Member from, Message message) {
        if (message.correlationId().isEmpty()) {
            return false;
        }
        Waiter waiter = waiters.get(message.correlationId());
        if (waiter == null || !waiter.answerableFrom(from)) {
            return false;
        }
        return waiters.remove(message.correlationId(), waiter) && waiter.future().complete(message);
    }

    /**
     * Completes the waiter of {@code correlationId} with a reply that a member of {@code channelId} sent
     * on another node; returns whether one took it.
     */
    boolean completeFromNode(String correlationId, String channelId, Message message) {
        Waiter waiter = waiters.get(correlationId);
        if (waiter == null || !waiter.channelId().equals(channelId)) {
            return false;
        }
        return waiters.remove(correlationId, waiter) && waiter.future().complete(message);
    }

    /** Fails the waiter of {@code correlationId}, if any (its broadcast could not be made). */
    void cancel(String correlationId, Throwable cause) {
        Waiter waiter = waiters.remove(correlationId);
        if (waiter != null) {
            waiter.future().completeExceptionally(cause);
        }
    }

    /** Fails every waiter on {@code channel}, which has no members any more: no reply can come. */
    void failChannel(ChannelRegistry.Channel channel, Throwable cause) {
        waiters.forEach((id, w) -> {
            if (w.channel() == channel && waiters.remove(id, w)) {
                w.future().completeExceptionally(cause);
            }
        });
    }

    /** Fails every waiter (server shutdown). */
    void failAll(Throwable cause) {
        waiters.forEach((id, w) -> {
            if (waiters.remove(id, w)) {
                w.future().completeExceptionally(cause);
            }
        });
    }

    int size() {
        return waiters.size();
    }
}
