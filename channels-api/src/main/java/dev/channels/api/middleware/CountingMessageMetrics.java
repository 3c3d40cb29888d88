package dev.channels.api.middleware;

import dev.channels.api.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-memory counts of received and failed messages per type; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class CountingMessageMetrics implements MessageMetrics {

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    @Override
    public void received(Message msg) {
        received.computeIfAbsent(msg.type(), t -> new LongAdder()).increment();
    }

    @Override
    public void handled(Message msg, Duration duration, boolean failed) {
        if (failed) {
            this.failed.computeIfAbsent(msg.type(), t -> new LongAdder()).increment();
        }
    }

    /** Messages of {@code type} received so far. */
    public long received(String type) {
        LongAdder count = received.get(type);
        return count == null ? 0 : count.sum();
    }

    /** Messages of every type received so far. */
    public long receivedTotal() {
        return received.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Messages of {@code type} whose handler failed. */
    public long failed(String type) {
        LongAdder count = failed.get(type);
        return count == null ? 0 : count.sum();
    }
}
