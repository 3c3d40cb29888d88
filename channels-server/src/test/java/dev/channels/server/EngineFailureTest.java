package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.testkit.RecordingClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An engine that cannot publish or lost its connection: nothing is dropped without a word (docs/protocol.md "Clusters"). */
class EngineFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ControllableEngine engine = new ControllableEngine();
    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .engine(engine)
                .options(ServerOptions.builder().historySize(10).historyTtl(Duration.ofMinutes(1)).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aChannelReplyTheEngineCannotPublishGetsTheSenderA503AndTheConnectionStaysOpen() throws Exception {
        ServerFixture.Joined a = fx.join("down");
        engine.failPublishes(true);
        a.client().send(request("chat", "down", "\"lost?\""));
        ErrorMessage e = error(a.client().next(WAIT));
        assertThat(e.originType()).isEqualTo("chat");
        assertThat(ErrorDetail.fromJson(e.errorBody()).orElseThrow().errCode()).isEqualTo("503");
        engine.failPublishes(false);
        a.client().send(request("chat", "down", "\"back\""));
        assertThat(message(a.client().next(WAIT)).bind(String.class)).isEqualTo("back");
    }

    @Test
    void aServerSideBroadcastOrAwaitTheEngineCannotPublishFailsForTheCaller() throws Exception {
        fx.join("down");
        engine.failPublishes(true);
        assertThatThrownBy(() -> fx.server.broadcast("down", Message.create("news")))
                .isInstanceOf(EngineUnavailableException.class);
        assertThatThrownBy(() -> fx.server.broadcastAwait("down", Message.create("ask"), WAIT).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EngineUnavailableException.class);
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void aJoinTheEngineCannotServeIsClosedWith1013AndLeavesNoMemberBehind() throws Exception {
        ServerFixture.Joined a = fx.join("busy");
        engine.failReads(true);
        RecordingClient refused = fx.connect("busy");
        assertThat(refused.closed().get(30, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1013);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> fx.server.members("busy").size() == 1);
        assertThat(fx.server.members("busy")).containsExactly(a.clientId());
        engine.failReads(false);
        RecordingClient later = fx.connect("busy");
        assertThat(message(later.next(WAIT)).type()).isEqualTo(dev.channels.api.MessageTypes.JOIN_SUCCESS);
    }

    @Test
    void aLostEngineConnectionLeavesConnectionsOpenAndOnlyMembersThatLostMessagesAreClosedOnceItIsBack() throws Exception {
        ServerFixture.Joined kept = fx.join("kept");
        ServerFixture.Joined lost = fx.join("lost");
        fx.server.broadcast("lost", Message.create("news").withBody("\"1\""));
        assertThat(message(lost.client().next(WAIT)).type()).isEqualTo("news");
        engine.listener().onConnectionLost(new IllegalStateException("connection reset (test)"));
        engine.listener().onConnectionRestored(false);
        String keptEpoch = kept.joinSuccess().header(dev.channels.api.ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        // "kept" has every offset of its stream; "lost" is at offset 1, but its stream went on to 3
        engine.listener().onChannelResumed("kept", new dev.channels.server.engine.StreamPosition(0, keptEpoch));
        String lostEpoch = lost.joinSuccess().header(dev.channels.api.ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        engine.listener().onChannelResumed("lost", new dev.channels.server.engine.StreamPosition(3, lostEpoch));
        CloseReason reason = lost.client().closed().get(30, TimeUnit.SECONDS);
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1012);
        assertThat(reason.getReasonPhrase()).contains("missed channel messages 2..3");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> fx.server.connectionCount() == 1);
        // the member was told of the outage and of its end (docs/protocol.md "Engine events")
        assertThat(message(kept.client().next(WAIT)).type()).isEqualTo(dev.channels.api.MessageTypes.ENGINE_DOWN);
        assertThat(message(kept.client().next(WAIT)).type()).isEqualTo(dev.channels.api.MessageTypes.ENGINE_UP);
        kept.client().send(request("chat", "kept", "\"still here\""));
        assertThat(message(kept.client().next(WAIT)).bind(String.class)).isEqualTo("still here");
    }

    @Test
    void afterALostEngineConnectionTheMembersOfAChannelWithoutAStreamAreClosed() throws Exception {
        ServerFixture.Joined member = fx.join("no-stream");
        engine.listener().onConnectionLost(new IllegalStateException("connection reset (test)"));
        assertThat(member.client().closed()).as("open while the engine is away").isNotDone();
        engine.listener().onConnectionRestored(true);
        engine.listener().onChannelResumed("no-stream", dev.channels.server.engine.StreamPosition.NONE);
        CloseReason reason = member.client().closed().get(30, TimeUnit.SECONDS);
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1012);
    }
}
