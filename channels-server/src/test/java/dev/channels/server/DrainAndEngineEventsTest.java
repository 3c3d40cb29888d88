package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.testkit.RecordingClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a plain Jakarta WebSocket container (which upgrades every handshake): a connection that opens while the
 * node drains is closed with 1012; and members are told {@code engine.down} / {@code engine.up} when the
 * engine's connection is lost and back (docs/protocol.md "Rolling restarts", "Engine events").
 */
class DrainAndEngineEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ControllableEngine engine = new ControllableEngine();
    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .engine(engine)
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aConnectionOpenedWhileTheNodeDrainsIsClosedWith1012AndNeverJoins() throws Exception {
        ServerFixture.Joined member = fx.join("restart");
        fx.server.drain(Duration.ZERO).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(member.client().closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1012);

        RecordingClient late = fx.connect("restart");
        assertThat(late.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1012);
        assertThat(late.drain()).as("no join.success").isEmpty();
        assertThat(fx.server.members("restart")).isEmpty();
        assertThat(fx.server.isReady()).isFalse();
    }

    @Test
    void membersAreToldWhenTheEngineGoesDownAndWhenItIsBack() throws Exception {
        ServerFixture.Joined a = fx.join("room-a");
        ServerFixture.Joined b = fx.join("room-b");

        engine.listener().onConnectionLost(new IllegalStateException("redis gone (test)"));
        engine.listener().onConnectionLost(new IllegalStateException("still gone (test)")); // told once
        Message downA = message(a.client().next(WAIT));
        Message downB = message(b.client().next(WAIT));
        assertThat(downA.type()).isEqualTo(MessageTypes.ENGINE_DOWN);
        assertThat(downA.channelId()).isEqualTo("room-a");
        assertThat(downB.type()).isEqualTo(MessageTypes.ENGINE_DOWN);
        assertThat(downB.channelId()).isEqualTo("room-b");

        engine.listener().onConnectionRestored(false);
        assertThat(message(a.client().next(WAIT)).type()).isEqualTo(MessageTypes.ENGINE_UP);
        assertThat(message(b.client().next(WAIT)).type()).isEqualTo(MessageTypes.ENGINE_UP);
        assertThat(a.client().poll(Duration.ofMillis(300))).as("one engine.down, one engine.up").isNull();
        assertThat(a.client().isOpen() && b.client().isOpen()).isTrue();
    }
}
