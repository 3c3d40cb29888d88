package dev.channels.server;

import static dev.channels.server.ChannelStreamTest.nextOfType;
import static dev.channels.server.ChannelStreamTest.offset;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.server.engine.Publication;
import dev.channels.testkit.RecordingClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes sharing one in-memory cluster engine, over real sockets (docs/protocol.md "Clusters"):
 * what the server does with any cluster engine, checked without a Redis.
 */
class ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private InMemoryEngine.Cluster cluster;
    private ServerFixture nodeA;
    private ServerFixture nodeB;

    @BeforeEach
    void start() throws Exception {
        cluster = InMemoryEngine.cluster();
        nodeA = node(cluster);
        nodeB = node(cluster);
    }

    private static ServerFixture node(InMemoryEngine.Cluster cluster) throws Exception {
        return new ServerFixture(ChannelServer.builder()
                .engine(cluster.node())
                .options(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).presenceEvents(true).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void channelMessagesReachMembersOnEveryNodeInOneOffsetOrder() throws Exception {
        ServerFixture.Joined a = nodeA.join("room");
        ServerFixture.Joined b = nodeB.join("room");
        assertThat(ChannelStreamTest.epoch(b.joinSuccess())).isEqualTo(ChannelStreamTest.epoch(a.joinSuccess()));
        a.client().send(request("chat", "room", "\"from A\""));
        b.client().send(request("chat", "room", "\"from B\""));
        for (ServerFixture.Joined member : new ServerFixture.Joined[] {a, b}) {
            Message first = nextOfType(member.client(), "chat");
            Message second = nextOfType(member.client(), "chat");
            assertThat(offset(first)).isEqualTo(1);
            assertThat(offset(second)).isEqualTo(2);
        }
        assertThat(nodeA.server.hasChannel("room")).isTrue();
        assertThat(nodeA.server.members("room")).containsExactlyInAnyOrder(a.clientId(), b.clientId());
    }

    @Test
    void getInfoAndPresenceEventsCoverEveryNode() throws Exception {
        ServerFixture.Joined a = nodeA.join("room");
        nextOfType(a.client(), MessageTypes.PRESENCE_JOINED); // its own
        ServerFixture.Joined b = nodeB.join("room");
        Message joined = nextOfType(a.client(), MessageTypes.PRESENCE_JOINED);
        assertThat(joined.body().asJsonObject().getString("clientId")).isEqualTo(b.clientId());
        b.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "room")));
        Message info = nextOfType(b.client(), MessageTypes.INFO);
        assertThat(info.body().asJsonObject().getInt("count")).isEqualTo(2);
        assertThat(nodeB.server.presence("room")).extracting(ChannelMember::clientId).containsExactly(a.clientId(), b.clientId());
        b.client().close();
        Message left = nextOfType(a.client(), MessageTypes.PRESENCE_LEFT);
        assertThat(left.body().asJsonObject().getString("clientId")).isEqualTo(b.clientId());
    }

    @Test
    void aDirectSendReachesAClientOnAnotherNode() throws Exception {
        ServerFixture.Joined b = nodeB.join("room");
        assertThat(nodeA.server.send(b.clientId(), Message.create("note").withBody("for you"))).isTrue();
        Message note = nextOfType(b.client(), "note");
        assertThat(note.bind(String.class)).isEqualTo("for you");
        assertThat(note.channelId()).isEqualTo("room");
        assertThat(nodeA.server.send("nobody", Message.create("note"))).isFalse();
    }

    @Test
    void broadcastAndAwaitTakesTheFirstReplyFromAMemberOnAnotherNode() throws Exception {
        ServerFixture.Joined a = nodeA.join("room");
        ServerFixture.Joined b = nodeB.join("room");
        CompletableFuture<Message> reply = nodeA.server.broadcastAwait("room", Message.create("ask").withBody("?"), WAIT);
        Message ask = nextOfType(b.client(), "ask");
        b.client().send(EnvelopeCodec.encode(Message.create("answer", "room").withCorrelationId(ask.correlationId()).withBody("from B")));
        Message got = reply.get(30, TimeUnit.SECONDS);
        assertThat(got.bind(String.class)).isEqualTo("from B");
        assertThat(got.clientId()).isEqualTo(b.clientId());
        assertThat(nextOfType(a.client(), "ask").correlationId()).isEqualTo(ask.correlationId());
        assertThat(nodeA.server.pendingReplies()).isZero();
    }

    @Test
    void closingAChannelClosesItOnEveryNodeAndStartsANewEpoch() throws Exception {
        ServerFixture.Joined a = nodeA.join("room");
        ServerFixture.Joined b = nodeB.join("room");
        String epoch = ChannelStreamTest.epoch(a.joinSuccess());
        assertThat(nodeA.server.closeChannel("room")).isTrue();
        nextOfType(b.client(), MessageTypes.CHANNEL_CLOSED);
        nextOfType(a.client(), MessageTypes.CHANNEL_CLOSED);
        await().atMost(WAIT).until(() -> !a.client().isOpen() && !b.client().isOpen());
        RecordingClient again = nodeB.connect("room");
        assertThat(ChannelStreamTest.epoch(message(again.next(WAIT)))).isNotEqualTo(epoch);
    }

    @Test
    void aMemberRecoversOnAnotherNode() throws Exception {
        ServerFixture.Joined anchor = nodeA.join("room");
        ServerFixture.Joined leaving = nodeA.join("room");
        String epoch = ChannelStreamTest.epoch(leaving.joinSuccess());
        nodeA.server.broadcast("room", Message.create("tick").withBody(1));
        assertThat(offset(nextOfType(leaving.client(), "tick"))).isEqualTo(1);
        leaving.client().close();
        nodeA.server.broadcast("room", Message.create("tick").withBody(2));
        nodeA.server.broadcast("room", Message.create("tick").withBody(3));
        RecordingClient back = RecordingClient.connect(nodeB.uri("room") + "?since=1&epoch=" + epoch);
        Message join = message(back.next(WAIT));
        assertThat(join.header(ChannelHeaders.CHANNEL_RECOVERED)).contains("true");
        assertThat(offset(nextOfType(back, "tick"))).isEqualTo(2);
        assertThat(offset(nextOfType(back, "tick"))).isEqualTo(3);
        anchor.client().close();
        back.close();
    }

    /**
     * A control message that reaches a node while its engine starts is handled: the server installs the
     * engine's callbacks before it starts the engine. Here node A's broadcast-and-await announcement reaches
     * node C during C's start; C's member then answers and A gets the reply. (When the server started the
     * engine first, the announcement hit the no-op default and A waited in vain.)
     */
    @Test
    void aControlMessageThatArrivesWhileTheEngineStartsIsHandled() throws Exception {
        nodeA.join("room");
        AtomicReference<CompletableFuture<Message>> reply = new AtomicReference<>();
        ChannelEngine startingC = new ControlDuringStart(cluster.node(), () -> reply.set(nodeA.server.broadcastAwait("room",
                Message.create("ask").withCorrelationId("asked-during-start"), WAIT)));
        try (ServerFixture nodeC = new ServerFixture(ChannelServer.builder().engine(startingC))) {
            ServerFixture.Joined c = nodeC.join("room");
            c.client().send(EnvelopeCodec.encode(Message.create("answer", "room")
                    .withCorrelationId("asked-during-start").withBody("from C")));
            Message got = reply.get().get(30, TimeUnit.SECONDS);
            assertThat(got.bind(String.class)).isEqualTo("from C");
        }
    }

    /**
     * A cluster node whose {@code start} runs {@code duringStart} once the node is started and returns only
     * when the server's listener has been handed the control message that caused: a control message
     * published while the engine starts, delivered before {@code start} returns.
     */
    private static final class ControlDuringStart extends ForwardingEngine {
        private final Runnable duringStart;

        ControlDuringStart(ChannelEngine delegate, Runnable duringStart) {
            super(delegate);
            this.duringStart = duringStart;
        }

        @Override
        public void start(EngineListener listener) {
            CountDownLatch controlled = new CountDownLatch(1);
            super.start(new EngineListener() {
                @Override
                public void onPublication(Publication publication) {
                    listener.onPublication(publication);
                }

                @Override
                public void onControl(String data) {
                    listener.onControl(data);
                    controlled.countDown();
                }
            });
            duringStart.run();
            try {
                assertThat(controlled.await(30, TimeUnit.SECONDS)).as("control message delivered during start").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
