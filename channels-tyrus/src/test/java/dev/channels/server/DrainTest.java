package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.testkit.RawWebSocket;
import dev.channels.testkit.RecordingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node drained for a restart ({@link ChannelServer#drain}, docs/protocol.md "Rolling restarts"): not ready
 * at once, a new handshake refused with 503, and its members closed with 1012 spread over the window, not
 * all at once. Runs on both standalone runners.
 */
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aDrainingNodeIsNotReadyRefusesNewJoinsWith503AndClosesItsMembersWith1012SpreadOverTheWindow() throws Exception {
        List<RecordingClient> members = new ArrayList<>();
        List<CompletableFuture<Long>> closedAt = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingClient c = fx.join("drained").client();
            members.add(c);
            closedAt.add(c.closed().thenApply(reason -> System.nanoTime()));
        }
        assertThat(fx.server.isReady()).isTrue();

        CompletableFuture<Void> drained = fx.server.drain(Duration.ofSeconds(2));

        assertThat(fx.server.isDraining()).isTrue();
        assertThat(fx.server.readiness().problems()).containsExactly("draining: restarting");
        try (RawWebSocket refused = RawWebSocket.open(fx.running.port(), fx.running.channelUri("drained").getRawPath(),
                RawWebSocket.handshakeHeaders(fx.running.port()))) {
            assertThat(refused.status()).as(refused.responseHead()).isEqualTo(503);
        }
        drained.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fx.server.members("drained")).isEmpty();
        for (RecordingClient c : members) {
            assertThat(c.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1012);
        }
        List<Long> times = closedAt.stream().map(CompletableFuture::join).sorted().toList();
        // four members over 2 s: batches at 0, 0.5, 1 and 1.5 s (a busy machine only spreads them further)
        assertThat(Duration.ofNanos(times.get(3) - times.get(0))).as("closes spread over the window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
        assertThat(fx.server.drain(Duration.ZERO)).as("idempotent").isSameAs(drained);
    }

    @Test
    void aClientGivenSeveralNodesSkipsADrainingOneAndMovesAtOnceWhenItsNodeDrains() throws Exception {
        try (ServerFixture other = new ServerFixture(ChannelServer.builder()
                     .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
             dev.channels.client.ChannelClient client = dev.channels.client.ChannelClient.builder()
                     .reconnect(dev.channels.client.ReconnectPolicy.forever(Duration.ofSeconds(20))).build()) {
            java.net.URI first = base(fx);
            java.net.URI second = base(other);
            other.server.drain(Duration.ZERO).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            // the second node drains: a join given it first goes on to the next (a 503 is no reason to give up)
            dev.channels.client.JoinedChannel room = client.join(List.of(second, first), "moving");
            assertThat(room.uri().toString()).startsWith(first.toString());

            ServerFixture third = new ServerFixture(ChannelServer.builder());
            try {
                dev.channels.client.JoinedChannel moving = client.join(List.of(first, base(third)), "moving-2");
                fx.server.drain(Duration.ZERO);
                // 1012: to the next node at once, not after the policy's 20 s
                await().atMost(Duration.ofSeconds(15)).until(() -> moving.reconnects() == 1
                        && moving.state() == dev.channels.client.ChannelState.OPEN);
                assertThat(moving.uri().toString()).startsWith(base(third).toString());
            } finally {
                third.close();
            }
        }
    }

    private static java.net.URI base(ServerFixture f) {
        String uri = f.running.channelUri("x").toString();
        return java.net.URI.create(uri.substring(0, uri.length() - "/x".length()));
    }
}
