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
}
