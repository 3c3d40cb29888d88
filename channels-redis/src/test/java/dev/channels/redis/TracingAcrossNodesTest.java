package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ChannelServer;
import dev.channels.server.ChannelTracing;
import dev.channels.server.ServerOptions;
import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.RedisServerProcess;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A channel reply published through Redis on one node and delivered on the other: the producer span
 * (node A's SDK) and the consumer span (node B's) are in one trace, the consumer a child of the
 * producer, through the trace context the publication carries; the member never sees it.
 */
class TracingAcrossNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose // clients, then nodes, then the Redis
    private final Opened open = new Opened();

    @Test
    void theDeliveryOnAnotherNodeIsAChildOfThePublishInOneTrace() throws Exception {
        RedisServerProcess redis = open.add(RedisServerProcess.start());
        InMemorySpanExporter spansA = InMemorySpanExporter.create();
        InMemorySpanExporter spansB = InMemorySpanExporter.create();
        ClusterNode a = open.add(node(redis, spansA));
        ClusterNode b = open.add(node(redis, spansB));
        RecordingClient member = open.add(RecordingClient.connect(b.base() + "/room"));
        member.next(WAIT); // join.success
        RecordingClient sender = open.add(RecordingClient.connect(a.base() + "/room"));
        sender.next(WAIT);

        sender.send(EnvelopeCodec.encode(Message.create("chat", "room").withBody("hi")));
        Message got = next(member, "chat");
        assertThat(got.bind(String.class)).isEqualTo("hi");
        assertThat(got.headers().keySet()).noneMatch(name -> name.toLowerCase().contains("trace"));

        SpanData publish = span(spansA, "publish");
        SpanData process = span(spansB, "process");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(span(spansA, "handle chat").getTraceId()).isEqualTo(publish.getTraceId());
    }

    private static ClusterNode node(RedisServerProcess redis, InMemorySpanExporter exporter) throws Exception {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
        return ClusterNode.start(ChannelServer.builder()
                .engine(RedisEngine.builder().uri(redis.uri()).build())
                .tracing(ChannelTracing.of(sdk))
                .options(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .build());
    }

    private static Message next(RecordingClient client, String type) throws InterruptedException {
        while (true) {
            Envelope e = EnvelopeCodec.decode(client.next(WAIT));
            if (e instanceof Message m && m.type().equals(type)) {
                return m;
            }
        }
    }

    private static SpanData span(InMemorySpanExporter exporter, String name) {
        return await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name)).findFirst(), Optional::isPresent).get();
    }
}
