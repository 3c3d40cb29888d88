package dev.channels.it.support;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.client.ChannelClient;
import dev.channels.client.ChannelClientBuilder;
import dev.channels.client.JoinedChannel;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * This project's own {@link ChannelClient}, as a user builds it, with listeners that record what
 * arrives: messages of the recorded types in arrival order, and error envelopes (which the client
 * hands to its server-error handler). One extra listener may answer a type.
 *
 * <p>Threading: the client's reader threads offer into the bounded, thread-safe queues; the test
 * thread polls them. More than {@value #CAPACITY} unread entries fail the offer, and the next poll says so.
 */
public final class RecordingChannelClient implements AutoCloseable {

    private static final int CAPACITY = 256;

    private final BlockingQueue<Message> messages = new ArrayBlockingQueue<>(CAPACITY);
    private final BlockingQueue<ErrorMessage> errors = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean overflowed;
    private final ChannelClient client;

    private RecordingChannelClient(List<String> recordedTypes, Map<String, Handler> answering, boolean sessions) {
        ChannelClientBuilder builder = ChannelClient.builder()
                .sessions(sessions)
                .connectTimeout(Duration.ofSeconds(20))
                .onServerError(error -> record(errors, error));
        for (String type : recordedTypes) {
            builder.listener(type, (ctx, msg) -> {
                record(messages, msg);
                return Optional.empty();
            });
        }
        answering.forEach(builder::listener);
        client = builder.build();
    }

    /** A client recording messages of {@code recordedTypes} and error envelopes. */
    public static RecordingChannelClient recording(String... recordedTypes) {
        return new RecordingChannelClient(List.of(recordedTypes), Map.of(), true);
    }

    /**
     * As {@link #recording}, but on one connection per channel ({@code {base}/{channelId}}, the Go-style
     * join) even where the server offers sessions: for what a channel connection's handshake meets.
     */
    public static RecordingChannelClient recordingOnChannelConnections(String... recordedTypes) {
        return new RecordingChannelClient(List.of(recordedTypes), Map.of(), false);
    }

    /** A client recording messages of {@code recordedTypes} and answering {@code type} with {@code answer}. */
    public static RecordingChannelClient answering(String type, Handler answer, String... recordedTypes) {
        return new RecordingChannelClient(List.of(recordedTypes), Map.of(type, answer), true);
    }

    /** The client itself. */
    public ChannelClient client() {
        return client;
    }

    /** Joins {@code channelId} under {@code base}; returns once {@code join.success} arrived. */
    public JoinedChannel join(URI base, String channelId) {
        return client.join(base, channelId);
    }

    /** Joins {@code channelId} under {@code base} with handshake {@code headers} (e.g. {@code Authorization}). */
    public JoinedChannel join(URI base, String channelId, Map<String, List<String>> headers) {
        return client.join(base, channelId, headers, Map.of());
    }

    /** The next recorded message; fails if none arrives within {@code timeout}. */
    public Message nextMessage(Duration timeout) throws InterruptedException {
        return poll(messages, timeout, "message");
    }

    /** Recorded messages, in order, until one matches {@code last}; that one is the last element. */
    public List<Message> messagesUntil(Predicate<Message> last, Duration timeout) throws InterruptedException {
        List<Message> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = poll(messages, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), "message");
            seen.add(m);
            if (last.test(m)) {
                return seen;
            }
        }
    }

    /** The next error envelope; fails if none arrives within {@code timeout}. */
    public ErrorMessage nextError(Duration timeout) throws InterruptedException {
        return poll(errors, timeout, "error envelope");
    }

    /** Whether nothing was recorded and not yet taken. */
    public boolean nothingPending() {
        return messages.isEmpty() && errors.isEmpty();
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> void record(BlockingQueue<T> queue, T item) {
        if (!queue.offer(item)) {
            overflowed = true;
        }
    }

    private <T> T poll(BlockingQueue<T> queue, Duration timeout, String what) throws InterruptedException {
        T item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("no " + what + " within " + timeout + (overflowed ? " (a queue overflowed)" : "")
                    + "; channels: " + client.channelIds());
        }
        return item;
    }
}
