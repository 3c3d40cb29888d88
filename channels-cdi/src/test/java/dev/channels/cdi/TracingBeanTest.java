package dev.channels.cdi;

import static org.awaitility.Awaitility.await;

import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server traces with the application's {@code OpenTelemetry} bean (what MicroProfile Telemetry
 * provides in an application server), not with the global one (unset here).
 */
class TracingBeanTest {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @Test
    void joinsAreTracedWithTheOpenTelemetryBean() throws Exception {
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().beanClasses(Telemetry.class).start();
             TestClient client = TestClient.join(channels.channelUri("room"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> SPANS.getFinishedSpanItems().stream()
                    .anyMatch(s -> s.getName().equals("join")));
        }
    }

    /** The application's OpenTelemetry, as MicroProfile Telemetry would produce it. */
    @ApplicationScoped
    static class Telemetry {
        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                    .build();
        }
    }
}
