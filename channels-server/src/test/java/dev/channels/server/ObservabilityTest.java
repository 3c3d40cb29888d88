package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.server.metrics.ChannelServerMetrics;
import dev.channels.testkit.StalledRawClient;
import dev.channels.transport.OverflowPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Micrometer meters and the readiness check, driven by real clients. */
class ObservabilityTest {

    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private ChannelServer.Builder app() {
        return ChannelServer.builder()
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("boom", (ctx, msg) -> {
                    throw new IllegalStateException("no");
                });
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(Tags.of(tags)).functionCounter().count();
    }

    @Test
    void metersFollowConnectionsChannelsAndBadInput() throws Exception {
        fx = new ServerFixture(app());
        new ChannelServerMetrics(fx.server, Tags.of("server", "test")).bindTo(registry);
        ServerFixture.Joined a = fx.join("m-1");
        fx.join("m-1");
        fx.join("m-2");
        assertThat(gauge("channels.server.connections")).isEqualTo(3);
        assertThat(gauge("channels.server.channels")).isEqualTo(2);
        assertThat(gauge("channels.server.ready")).isEqualTo(1);

        a.client().send("not json");
        a.client().send("{\"type\":7}");
        a.client().send(request("nobody.handles.this", "m-1", "null"));
        a.client().send(request("boom", "m-1", "null"));
        for (int i = 0; i < 4; i++) {
            error(a.client().next(Duration.ofSeconds(10)));
        }
        assertThat(counter("channels.server.frames.malformed")).isEqualTo(2);
        assertThat(counter("channels.server.messages.unknown.type")).isEqualTo(1);
        assertThat(counter("channels.server.handler.failures")).isEqualTo(1);
        assertThat(registry.get("channels.server.connections").tag("server", "test").gauge()).isNotNull();

        a.client().close();
        await().atMost(Duration.ofSeconds(15)).until(() -> gauge("channels.server.connections") == 2);

        dev.channels.testkit.RecordingClient refused = fx.connect("bad!id");
        assertThat(refused.closed().get(20, java.util.concurrent.TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1008);
        assertThat(counter("channels.server.joins.refused")).isEqualTo(1);
    }

    @Test
    void queueDepthAndSlowReaderCutsAreVisible() throws Exception {
        fx = new ServerFixture(app().options(ServerOptions.builder().maxQueuedFrames(64).maxQueuedChars(10_000_000).overflowPolicy(OverflowPolicy.DROP).build()));
        new ChannelServerMetrics(fx.server).bindTo(registry);
        StalledRawClient stalled = StalledRawClient.connect(fx.running.port(), "/ws/slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.connectionCount() == 1);
        String pad = "p".repeat(16 * 1024);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 20; i++) { // enough per poll to get past the stalled socket's buffers soon
                fx.server.broadcast("slow", Message.create("bulk").withBody(Map.of("pad", pad)));
            }
            return gauge("channels.server.outbound.queued.max") == 64;
        });
        assertThat(gauge("channels.server.outbound.queued")).isEqualTo(64);
        stalled.close();
        fx.close();

        fx = new ServerFixture(app().options(ServerOptions.builder().maxQueuedFrames(64).maxQueuedChars(10_000_000).overflowPolicy(OverflowPolicy.DISCONNECT).build()));
        registry.clear();
        new ChannelServerMetrics(fx.server).bindTo(registry);
        StalledRawClient cut = StalledRawClient.connect(fx.running.port(), "/ws/slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.connectionCount() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 20; i++) { // enough per poll to get past the stalled socket's buffers soon
                fx.server.broadcast("slow", Message.create("bulk").withBody(Map.of("pad", pad)));
            }
            return counter("channels.server.disconnects", "reason", "slow.reader") == 1;
        });
        assertThat(counter("channels.server.disconnects", "reason", "rate.limit")).isZero();
        cut.close();
    }

    @Test
    void readinessReportsAClosedServerAndRegisteredChecks() throws Exception {
        AtomicReference<String> engine = new AtomicReference<>();
        fx = new ServerFixture(app().readinessCheck(() -> Optional.ofNullable(engine.get())));
        new ChannelServerMetrics(fx.server).bindTo(registry);
        assertThat(fx.server.readiness().ready()).isTrue();
        assertThat(fx.server.isReady()).isTrue();

        engine.set("engine disconnected");
        assertThat(fx.server.readiness().problems()).containsExactly("engine disconnected");
        assertThat(gauge("channels.server.ready")).isZero();
        engine.set(null);
        assertThat(fx.server.isReady()).isTrue();

        fx.server.close();
        assertThat(fx.server.readiness().problems()).contains("server closed");
        assertThat(gauge("channels.server.ready")).isZero();
    }
}
