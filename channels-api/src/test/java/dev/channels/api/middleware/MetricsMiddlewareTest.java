package dev.channels.api.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsMiddlewareTest {

    private final HandlerContext ctx = HandlerContext.of("c", "room");

    private static final Handler OK = (c, m) -> Optional.of(m.newFrom("ok"));
    private static final Handler FAILS = (c, m) -> {
        throw new IllegalStateException("no");
    };
    private static final Handler ASSERTS = (c, m) -> {
        throw new AssertionError("no");
    };
    private static final Handler NAPS = (c, m) -> {
        Thread.sleep(5);
        return m.noContent();
    };

    private static void run(MetricsMiddleware metrics, Handler handler, String type, HandlerContext ctx) {
        try {
            metrics.wrap(handler).handle(ctx, Message.create(type));
        } catch (Exception | AssertionError expected) {
            // counted as a failure
        }
    }

    @Test
    void countingMetricsCountReceivedAndFailedPerType() {
        CountingMessageMetrics counts = new CountingMessageMetrics();
        MetricsMiddleware metrics = MetricsMiddleware.recordingTo(counts);

        run(metrics, OK, "a", ctx);
        run(metrics, OK, "a", ctx);
        run(metrics, FAILS, "a", ctx);
        run(metrics, ASSERTS, "b", ctx);
        run(metrics, NAPS, "c", ctx);

        assertThat(counts.received("a")).isEqualTo(3);
        assertThat(counts.received("b")).isEqualTo(1);
        assertThat(counts.received("c")).isEqualTo(1);
        assertThat(counts.received("never")).isZero();
        assertThat(counts.receivedTotal()).isEqualTo(5);
        assertThat(counts.failed("a")).isEqualTo(1);
        assertThat(counts.failed("b")).isEqualTo(1);
        assertThat(counts.failed("c")).isZero();
        assertThat(counts.failed("never")).isZero();
    }

    @Test
    void repliesAndFailuresPassThroughUnchanged() throws Exception {
        MetricsMiddleware metrics = MetricsMiddleware.recordingTo(new CountingMessageMetrics());
        Message msg = Message.create("t");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThat(metrics.wrap((c, m) -> Optional.of(m)).handle(ctx, msg)).containsSame(msg);
        assertThatThrownBy(() -> metrics.wrap((c, m) -> {
            throw boom;
        }).handle(ctx, msg)).isSameAs(boom);
        assertThatThrownBy(() -> MetricsMiddleware.recordingTo(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void handledReportsDurationAndOutcomeForEachMessage() {
        List<String> seen = new ArrayList<>();
        MessageMetrics recorder = new MessageMetrics() {
            @Override
            public void received(Message msg) {
                seen.add("received " + msg.type());
            }

            @Override
            public void handled(Message msg, Duration duration, boolean failed) {
                assertThat(duration.isNegative()).isFalse();
                seen.add("handled " + msg.type() + (failed ? " failed" : " ok"));
            }
        };
        MetricsMiddleware metrics = MetricsMiddleware.recordingTo(recorder);

        run(metrics, OK, "a", ctx);
        run(metrics, FAILS, "b", ctx);

        assertThat(seen).containsExactly("received a", "handled a ok", "received b", "handled b failed");
    }

    @Test
    void micrometerMetricsFeedARegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsMiddleware metrics = MetricsMiddleware.recordingTo(new MicrometerMessageMetrics(registry));

        run(metrics, OK, "a", ctx);
        run(metrics, NAPS, "a", ctx);
        run(metrics, FAILS, "a", ctx);
        run(metrics, ASSERTS, "b", ctx);

        assertThat(registry.get("channels.messages.received").tag("type", "a").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("channels.messages.received").tag("type", "b").counter().count()).isEqualTo(1.0);
        Timer aSuccess = registry.get("channels.messages.handled").tags("type", "a", "outcome", "success").timer();
        Timer aFailure = registry.get("channels.messages.handled").tags("type", "a", "outcome", "failure").timer();
        Timer bFailure = registry.get("channels.messages.handled").tags("type", "b", "outcome", "failure").timer();
        assertThat(aSuccess.count()).isEqualTo(2);
        assertThat(aSuccess.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5.0);
        assertThat(aFailure.count()).isEqualTo(1);
        assertThat(bFailure.count()).isEqualTo(1);
        assertThat(registry.find("channels.messages.handled").tags("type", "b", "outcome", "success").timer())
                .isNull();
        assertThatThrownBy(() -> new MicrometerMessageMetrics(null)).isInstanceOf(NullPointerException.class);
    }
}
