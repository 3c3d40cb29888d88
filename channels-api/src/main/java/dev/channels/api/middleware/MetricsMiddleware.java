package dev.channels.api.middleware;

import dev.channels.api.Handler;
import dev.channels.api.Middleware;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import dev.channels.api.Message;

/**
 * Counts received messages and times their handlers (the seed's metrics middleware), recording
 * into a {@link MessageMetrics}.
 *
 * @since 0.1.0
 */
public final class MetricsMiddleware implements Middleware {

    private final MessageMetrics metrics;

    private MetricsMiddleware(MessageMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Records into {@code metrics}. */
    public static MetricsMiddleware recordingTo(MessageMetrics metrics) {
        return new MetricsMiddleware(metrics);
    }

    @Override
    public Handler wrap(Handler next) {
        return (ctx, msg) -> {
            metrics.received(msg);
            long start = System.nanoTime();
            boolean failed = true;
            try {
                Optional<Message> reply = next.handle(ctx, msg);
                failed = false;
                return reply;
            } finally {
                metrics.handled(msg, Duration.ofNanos(System.nanoTime() - start), failed);
            }
        };
    }
}
