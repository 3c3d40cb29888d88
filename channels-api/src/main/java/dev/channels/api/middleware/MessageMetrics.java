package dev.channels.api.middleware;

import dev.channels.api.Message;
import java.time.Duration;

/**
 * Where {@link MetricsMiddleware} records what it sees. {@link CountingMessageMetrics} keeps counts in
 * memory; {@link MicrometerMessageMetrics} feeds a Micrometer registry.
 *
 * @since 0.1.0
 */
public interface MessageMetrics {

    /** A message reached the handler chain. */
    void received(Message msg);

    /** The handler finished, successfully or not, after {@code duration}. */
    default void handled(Message msg, Duration duration, boolean failed) {
    }
}
