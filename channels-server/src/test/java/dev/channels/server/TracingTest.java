package dev.channels.server;

import static dev.channels.server.ChannelStreamTest.nextOfType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.testkit.RecordingClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing over real sockets, on the OpenTelemetry SDK with an in-memory exporter per node: the spans
 * of a join, of a handled message (with the client's {@code traceparent} as parent), of the publish
 * and of the delivery on another node, in one trace; and no member ever sees the trace header.
 */
class TracingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_TRACEPARENT = "00-" + CLIENT_TRACE + "-00f067aa0ba902b7-01";

    private final InMemorySpanExporter spansA = InMemorySpanExporter.create();
    private final InMemorySpanExporter spansB = InMemorySpanExporter.create();
    private ServerFixture nodeA;
    private ServerFixture nodeB;

    @AfterEach
    void stop() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void aChannelMessageIsOneTraceFromTheSendersFrameToTheDeliveryOnAnotherNode() throws Exception {
        InMemoryEngine.Cluster cluster = InMemoryEngine.cluster();
        nodeA = node(cluster, ChannelTracing.of(sdk(spansA)));
        nodeB = node(cluster, ChannelTracing.of(sdk(spansB)));
        String joinTrace = "0af7651916cd43dd8448eb211c80319c";
        RecordingClient memberClient = nodeB.connect("room", Map.of("traceparent", List.of("00-" + joinTrace + "-b7ad6b7169203331-01")));
        String memberId = ServerFixture.message(memberClient.next(WAIT)).clientId();
        ServerFixture.Joined sender = nodeA.join("room");
        sender.client().send(EnvelopeCodec.encode(Message.create("chat", "room").withCorrelationId("corr-1")
                .withHeader("traceparent", CLIENT_TRACEPARENT).withBody("hi")));

        Message got = nextOfType(memberClient, "chat");
        assertThat(got.bind(String.class)).isEqualTo("hi");
        assertThat(got.headers()).doesNotContainKey(TraceHeader.NAME); // the context is for the nodes only

        SpanData handle = span(spansA, "handle chat");
        assertThat(handle.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(handle.getTraceId()).isEqualTo(CLIENT_TRACE); // the client's traceparent is the parent
        assertThat(handle.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(attribute(handle, "messaging.system")).isEqualTo("channels");
        assertThat(attribute(handle, "messaging.destination.name")).isEqualTo("room");
        assertThat(attribute(handle, "channels.message.type")).isEqualTo("chat");
        assertThat(attribute(handle, "messaging.message.conversation_id")).isEqualTo("corr-1");
        assertThat(attribute(handle, "messaging.message.id")).isNotEmpty();
        assertThat(attribute(handle, "messaging.client.id")).isEqualTo(sender.clientId());

        SpanData publish = span(spansA, "publish");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getParentSpanId()).isEqualTo(handle.getSpanId());
        assertThat(attribute(publish, "messaging.destination.name")).isEqualTo("room");

        SpanData process = span(spansB, "process"); // exported by the other node's SDK
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(process.getAttributes().get(AttributeKey.longKey("channels.stream.offset"))).isEqualTo(1L);

        SpanData join = span(spansB, "join");
        assertThat(join.getTraceId()).isEqualTo(joinTrace); // the handshake's traceparent is the parent
        assertThat(attribute(join, "messaging.client.id")).isEqualTo(memberId);
        assertThat(attribute(join, "messaging.destination.name")).isEqualTo("room");
    }

    @Test
    void aFailedHandlerMarksItsSpanAndANodeThatDoesNotTraceStillStripsTheContext() throws Exception {
        InMemoryEngine.Cluster cluster = InMemoryEngine.cluster();
        nodeA = node(cluster, ChannelTracing.of(sdk(spansA)));
        nodeB = node(cluster, ChannelTracing.off());
        ServerFixture.Joined member = nodeB.join("room");
        ServerFixture.Joined sender = nodeA.join("room");
        sender.client().send(ServerFixture.request("boom", "room", "1"));
        sender.client().send(ServerFixture.request("chat", "room", "\"after\""));

        Message got = nextOfType(member.client(), "chat");
        assertThat(got.headers()).doesNotContainKey(TraceHeader.NAME);
        assertThat(got.header("X-App")).contains("kept"); // the header before it stays
        SpanData boom = span(spansA, "handle boom");
        assertThat(boom.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(boom.getEvents()).anyMatch(e -> e.getName().equals("exception"));
        assertThat(ChannelTracing.of(OpenTelemetry.noop()).isEnabled()).isFalse(); // the API alone: off, no span made
    }

    private static ServerFixture node(InMemoryEngine.Cluster cluster, ChannelTracing tracing) throws Exception {
        return new ServerFixture(ChannelServer.builder()
                .engine(cluster.node())
                .tracing(tracing)
                .options(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withHeader("X-App", "kept").withBody(msg.body())))
                .channelHandler("boom", (ctx, msg) -> {
                    throw new IllegalStateException("boom");
                }));
    }

    static OpenTelemetry sdk(InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
    }

    static SpanData span(InMemorySpanExporter exporter, String name) {
        return await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name)).findFirst(), Optional::isPresent).get();
    }

    static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }


}
