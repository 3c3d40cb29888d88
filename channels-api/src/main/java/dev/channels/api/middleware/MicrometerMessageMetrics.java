package dev.channels.api.middleware;

import dev.channels.api.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * Records into a Micrometer registry: counter {@code channels.messages.received} and timer
 * {@code channels.messages.handled}, both tagged with the message {@code type} (and {@code outcome}
 * on the timer). Micrometer is an optional dependency: use this class only when it is present.
 *
 * @since 0.1.0
 */
public final class MicrometerMessageMetrics implements MessageMetrics {

    private final MeterRegistry registry;

    /** Records into {@code registry}. */
    public MicrometerMessageMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void received(Message msg) {
        Counter.builder("channels.messages.received")
                .description("Messages that reached the handler chain")
                .tag("type", msg.type())
                .register(registry)
                .increment();
    }

    @Override
    public void handled(Message msg, Duration duration, boolean failed) {
        Timer.builder("channels.messages.handled")
                .description("Time spent in handlers")
                .tag("type", msg.type())
                .tag("outcome", failed ? "failure" : "success")
                .register(registry)
                .record(duration);
    }
}
