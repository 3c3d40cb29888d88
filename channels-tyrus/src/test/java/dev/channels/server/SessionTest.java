package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Envelope;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.testkit.RecordingClient;
import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions (docs/protocol.md "Sessions"): one connection at {@code {base}} joins and leaves many
 * channels with {@code channel.join}/{@code channel.leave}, over real sockets, spoken with the raw
 * test client; on every runner of the shared suite.
 */
class SessionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ServerFixture fx;
    private ServerFixture other;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private static ChannelServer.Builder builder(ServerOptions.Builder options) {
        return ChannelServer.builder()
                .options(options.build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(
                        Json.createValue(ctx.channelId() + ":" + ctx.queryParameters().getOrDefault("k", java.util.List.of("-")).get(0)))));
    }

    private void start(ServerOptions.Builder options) throws Exception {
        fx = new ServerFixture(builder(options));
    }

    /** {@code ws://host:port{base}}: the channel URI without its channel segment. */
    private static String sessionUri(ServerFixture f) {
        String channel = f.uri("x");
        return channel.substring(0, channel.length() - 2);
    }

    /** A session: its client and the clientID its session.ready gave. */
    private record Session(RecordingClient client, String clientId) {
        Message join(String channelId, String correlationId, String bodyJson) throws Exception {
            Message join = Message.create(MessageTypes.CHANNEL_JOIN, channelId).withCorrelationId(correlationId);
            client.send(EnvelopeCodec.encode(bodyJson == null ? join : join.withRawBody(bodyJson)));
            return message(client.next(WAIT));
        }

        ErrorMessage refusedJoin(String channelId, String correlationId) throws Exception {
            client.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_JOIN, channelId).withCorrelationId(correlationId)));
            return error(client.next(WAIT));
        }

        Message nextOfType(String type) throws Exception {
            while (true) {
                Envelope e = EnvelopeCodec.decode(client.next(WAIT));
                if (e instanceof Message m && m.type().equals(type)) {
                    return m;
                }
            }
        }
    }

    private static Session open(ServerFixture f) throws Exception {
        RecordingClient client = RecordingClient.connect(sessionUri(f));
        Message ready = message(client.next(WAIT));
        assertThat(ready.type()).isEqualTo(MessageTypes.SESSION_READY);
        assertThat(ready.channelId()).isEmpty();
        assertThat(ready.clientId()).isNotEmpty();
        return new Session(client, ready.clientId());
    }

    private static String errCode(ErrorMessage e) {
        return e.detail().map(ErrorDetail::errCode).orElse("");
    }

    private static long offset(Message m) {
        return Long.parseLong(m.header(ChannelHeaders.CHANNEL_OFFSET).orElseThrow());
    }

    @Test
    void aSessionJoinsChattersGetsInfoAndLeavesOneChannelWithoutClosing() throws Exception {
        start(ServerOptions.builder());
        Session s = open(fx);
        Message joined = s.join("room-1", "j1", "{\"params\":{\"k\":\"v\"}}");
        assertThat(joined.type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(joined.correlationId()).isEqualTo("j1");
        assertThat(joined.channelId()).isEqualTo("room-1");
        assertThat(joined.clientId()).isEqualTo(s.clientId());
        assertThat(fx.server.members("room-1")).containsExactly(s.clientId());

        s.client().send(request("chat", "room-1", "\"hi\""));
        Message chat = message(s.client().next(WAIT));
        assertThat(chat.channelId()).isEqualTo("room-1");
        assertThat(chat.body()).isEqualTo(Json.createValue("hi"));
        s.client().send(request("echo", "room-1", "null")); // the join's params are the member's query parameters
        assertThat(message(s.client().next(WAIT)).body()).isEqualTo(Json.createValue("room-1:v"));
        s.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "room-1").withCorrelationId("i1")));
        Message info = message(s.client().next(WAIT));
        assertThat(info.type()).isEqualTo(MessageTypes.INFO);
        assertThat(info.channelId()).isEqualTo("room-1");
        assertThat(info.body().asJsonObject().getString("channelId")).isEqualTo("room-1");
        assertThat(info.body().asJsonObject().getInt("count")).isEqualTo(1);

        s.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_LEAVE, "room-1").withCorrelationId("l1")));
        Message left = message(s.client().next(WAIT));
        assertThat(left.type()).isEqualTo(MessageTypes.LEAVE_SUCCESS);
        assertThat(left.correlationId()).isEqualTo("l1");
        assertThat(left.channelId()).isEqualTo("room-1");
        await().atMost(WAIT).until(() -> !fx.server.hasChannel("room-1"));
        // no longer joined: 403, not handled; the session stays open and can join again
        s.client().send(request("chat", "room-1", "\"late\""));
        ErrorMessage refused = error(s.client().next(WAIT));
        assertThat(errCode(refused)).isEqualTo("403");
        assertThat(refused.originType()).isEqualTo("chat");
        assertThat(s.join("room-1", "j2", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(s.client().isOpen()).isTrue();
        assertThat(fx.server.connectionCount()).isEqualTo(1);
    }

    @Test
    void aFrameForAnUnjoinedChannelGets403AndIsNotHandled() throws Exception {
        start(ServerOptions.builder());
        Session s = open(fx);
        s.join("a", "j1", null);
        s.client().send(EnvelopeCodec.encode(Message.create("chat", "b").withCorrelationId("c1").withRawBody("1")));
        ErrorMessage refused = error(s.client().next(WAIT));
        assertThat(errCode(refused)).isEqualTo("403");
        assertThat(refused.correlationId()).isEqualTo("c1");
        assertThat(refused.channelId()).isEqualTo("b");
        assertThat(fx.server.hasChannel("b")).isFalse();
        s.client().send(request("chat", "", "2")); // no channelId at all: the same
        assertThat(errCode(error(s.client().next(WAIT)))).isEqualTo("403");
        s.client().send(request("chat", "a", "3"));
        assertThat(message(s.client().next(WAIT)).channelId()).isEqualTo("a");
    }

    @Test
    void doubleJoinIs409AndTheChannelsPerSessionLimitIs429AndTheSessionStaysOpen() throws Exception {
        start(ServerOptions.builder().maxChannelsPerSession(2));
        Session s = open(fx);
        s.join("a", "j1", null);
        ErrorMessage twice = s.refusedJoin("a", "j2");
        assertThat(errCode(twice)).isEqualTo("409");
        assertThat(twice.originType()).isEqualTo(MessageTypes.CHANNEL_JOIN);
        assertThat(twice.correlationId()).isEqualTo("j2");
        assertThat(s.join("b", "j3", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        ErrorMessage third = s.refusedJoin("c", "j4");
        assertThat(errCode(third)).isEqualTo("429");
        assertThat(third.originType()).isEqualTo(MessageTypes.CHANNEL_JOIN);
        assertThat(third.correlationId()).isEqualTo("j4");
        assertThat(fx.server.hasChannel("c")).isFalse();
        ErrorMessage invalid = s.refusedJoin("..", "j5");
        assertThat(errCode(invalid)).isEqualTo("400");
        // a leave makes room again
        s.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_LEAVE, "a").withCorrelationId("l1")));
        assertThat(message(s.client().next(WAIT)).type()).isEqualTo(MessageTypes.LEAVE_SUCCESS);
        assertThat(s.join("c", "j6", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(s.client().isOpen()).isTrue();
    }

    @Test
    void thePerChannelLimitCountsSessionMembershipsAndChannelConnectionsAlike() throws Exception {
        start(ServerOptions.builder().connectionLimits(ConnectionLimits.builder().maxPerChannel(2).build()));
        ServerFixture.Joined channelConnection = fx.join("room");
        Session first = open(fx);
        assertThat(first.join("room", "j1", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        Session second = open(fx);
        ErrorMessage full = second.refusedJoin("room", "j2");
        assertThat(errCode(full)).isEqualTo("429");
        RecordingClient refused = fx.connect("room");
        assertThat(refused.closed().get(30, TimeUnit.SECONDS).getCloseCode()).isEqualTo(CloseReason.CloseCodes.TRY_AGAIN_LATER);
        // the session's leave frees its place
        first.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_LEAVE, "room")));
        assertThat(message(first.client().next(WAIT)).type()).isEqualTo(MessageTypes.LEAVE_SUCCESS);
        assertThat(second.join("room", "j3", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(channelConnection.client().isOpen()).isTrue();
    }

    @Test
    void eachJoinRecoversItsOwnChannelFromItsOwnSinceAndEpoch() throws Exception {
        start(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)));
        Session s = open(fx);
        Message a = s.join("a", "ja", null);
        Message b = s.join("b", "jb", null);
        String epochA = a.header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        String epochB = b.header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        assertThat(offset(a)).isZero();
        for (int i = 1; i <= 3; i++) {
            assertThat(fx.server.broadcast("a", Message.create("news", "a").withRawBody(Integer.toString(i)))).isEqualTo(1);
        }
        fx.server.broadcast("b", Message.create("news", "b").withRawBody("1"));
        for (int i = 0; i < 4; i++) {
            s.nextOfType("news");
        }
        s.client().close();
        await().atMost(WAIT).until(() -> !fx.server.hasChannel("a") || fx.server.members("a").isEmpty());
        // the session is gone; more is published, then a new session rejoins each channel with its own position
        Session keep = open(fx); // keeps the channels (and so nothing is trimmed by an empty-channel expiry)
        keep.join("a", "k1", null);
        keep.join("b", "k2", null);
        fx.server.broadcast("a", Message.create("news", "a").withRawBody("4"));
        fx.server.broadcast("a", Message.create("news", "a").withRawBody("5"));
        fx.server.broadcast("b", Message.create("news", "b").withRawBody("2"));
        for (int i = 0; i < 3; i++) {
            keep.nextOfType("news");
        }

        Session again = open(fx);
        Message rejoinA = again.join("a", "ra", "{\"since\":3,\"epoch\":\"" + epochA + "\"}");
        assertThat(rejoinA.correlationId()).isEqualTo("ra");
        assertThat(rejoinA.header(ChannelHeaders.CHANNEL_RECOVERED)).contains("true");
        assertThat(offset(rejoinA)).isEqualTo(5);
        Message four = message(again.client().next(WAIT));
        Message five = message(again.client().next(WAIT));
        assertThat(four.channelId()).isEqualTo("a");
        assertThat(offset(four)).isEqualTo(4);
        assertThat(offset(five)).isEqualTo(5);
        Message rejoinB = again.join("b", "rb", "{\"since\":\"1\",\"epoch\":\"" + epochB + "\"}");
        assertThat(rejoinB.header(ChannelHeaders.CHANNEL_RECOVERED)).contains("true");
        Message replayedB = message(again.client().next(WAIT));
        assertThat(replayedB.channelId()).isEqualTo("b");
        assertThat(offset(replayedB)).isEqualTo(2);
        // a position in another epoch does not recover
        Session third = open(fx);
        Message notRecovered = third.join("b", "rc", "{\"since\":1,\"epoch\":\"not-the-epoch\"}");
        assertThat(notRecovered.header(ChannelHeaders.CHANNEL_RECOVERED)).contains("false");
    }

    @Test
    void closingAChannelEndsThatMembershipOnlyAndOtherChannelsGoOn() throws Exception {
        start(ServerOptions.builder());
        Session s = open(fx);
        s.join("a", "ja", null);
        s.join("b", "jb", null);
        ServerFixture.Joined inA = fx.join("a");
        fx.server.closeChannel("a");
        Message closed = s.nextOfType(MessageTypes.CHANNEL_CLOSED);
        assertThat(closed.channelId()).isEqualTo("a");
        assertThat(inA.client().closed().get(30, TimeUnit.SECONDS).getCloseCode())
                .isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE); // a channel connection is closed with its channel
        assertThat(fx.server.broadcast("b", Message.create("news", "b").withRawBody("1"))).isEqualTo(1);
        assertThat(s.nextOfType("news").channelId()).isEqualTo("b");
        s.client().send(request("chat", "a", "1"));
        assertThat(errCode(error(s.client().next(WAIT)))).isEqualTo("403");
        assertThat(s.client().isOpen()).isTrue();
    }

    @Test
    void anExpiredChannelEndsThatMembershipAndTheSessionJoinsItsSuccessor() throws Exception {
        start(ServerOptions.builder().channelTimeout(Duration.ofSeconds(2)));
        Session s = open(fx);
        s.join("a", "j1", null);
        Message expired = s.nextOfType(MessageTypes.CHANNEL_EXPIRED);
        assertThat(expired.channelId()).isEqualTo("a");
        assertThat(s.client().isOpen()).isTrue();
        assertThat(s.join("a", "j2", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS); // not 409: that membership ended
    }

    @Test
    void aSlowReadingSessionIsCutOnceAndLeavesEveryChannel() throws Exception {
        start(ServerOptions.builder().maxQueuedFrames(16));
        try (dev.channels.testkit.RawWebSocket raw = dev.channels.testkit.RawWebSocket.upgrade(fx.running.port(),
                java.net.URI.create(sessionUri(fx)).getPath())) {
            String clientId = message(raw.readFrame().text()).clientId();
            raw.sendText("{\"type\":\"channel.join\",\"channelId\":\"a\"}", true);
            raw.sendText("{\"type\":\"channel.join\",\"channelId\":\"b\"}", true);
            assertThat(message(raw.readFrame().text()).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
            assertThat(message(raw.readFrame().text()).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
            // it reads nothing more; channel "a" floods it until its one connection is cut
            String big = "\"" + "x".repeat(100_000) + "\"";
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
                fx.server.broadcast("a", Message.create("flood", "a").withRawBody(big));
                return !fx.server.members("a").contains(clientId);
            });
            await().atMost(WAIT).until(() -> !fx.server.members("b").contains(clientId) && fx.server.connectionCount() == 0);
            assertThat(fx.server.stats().slowReaderDisconnects()).isEqualTo(1);
        }
    }

    @Test
    void presenceEventsNameTheSessionsClientInEachChannel() throws Exception {
        start(ServerOptions.builder().presenceEvents(true));
        ServerFixture.Joined watcher = fx.join("room");
        Session s = open(fx);
        s.join("room", "j1", null);
        Message joined = presenceEvent(watcher.client(), MessageTypes.PRESENCE_JOINED, s.clientId());
        assertThat(joined.channelId()).isEqualTo("room");
        ServerFixture.Joined newcomer = fx.join("room");
        Message seen = presenceEvent(s.client(), MessageTypes.PRESENCE_JOINED, newcomer.clientId());
        assertThat(seen.channelId()).isEqualTo("room");
        s.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_LEAVE, "room")));
        presenceEvent(watcher.client(), MessageTypes.PRESENCE_LEFT, s.clientId());
        assertThat(fx.server.presence("room")).extracting(ChannelMember::clientId)
                .containsExactlyInAnyOrder(watcher.clientId(), newcomer.clientId());
    }

    @Test
    void aDirectSendReachesTheSessionsClientAndItsChannelsEachGetTheirOwnBroadcasts() throws Exception {
        start(ServerOptions.builder());
        Session s = open(fx);
        s.join("a", "ja", null);
        s.join("b", "jb", null);
        ServerFixture.Joined inA = fx.join("a");
        assertThat(fx.server.send(s.clientId(), Message.create("note", "b").withRawBody("\"direct\""))).isTrue();
        Message note = s.nextOfType("note");
        assertThat(note.channelId()).isEqualTo("b");
        assertThat(note.clientId()).isEqualTo(s.clientId());

        assertThat(fx.server.broadcast("a", Message.create("news", "a").withRawBody("\"to a\""))).isEqualTo(2);
        assertThat(fx.server.broadcast("b", Message.create("news", "b").withRawBody("\"to b\""))).isEqualTo(1);
        Message first = s.nextOfType("news");
        Message second = s.nextOfType("news");
        assertThat(first.channelId()).isEqualTo("a");
        assertThat(first.body()).isEqualTo(Json.createValue("to a"));
        assertThat(second.channelId()).isEqualTo("b");
        assertThat(second.body()).isEqualTo(Json.createValue("to b"));
        Message atChannelConnection = nextOfType(inA.client(), "news");
        assertThat(atChannelConnection.body()).isEqualTo(Json.createValue("to a"));
        // a channel reply from the channel connection reaches the session's membership too
        inA.client().send(request("chat", "a", "\"hello\""));
        assertThat(s.nextOfType("chat").channelId()).isEqualTo("a");
        // broadcast-and-await: the session's member of "b" answers; an answer naming "a" does not count for "b"
        java.util.concurrent.CompletableFuture<Message> answer = fx.server.broadcastAwait("b",
                Message.create("question", "b").withCorrelationId("q1"), WAIT);
        assertThat(s.nextOfType("question").correlationId()).isEqualTo("q1");
        s.client().send(EnvelopeCodec.encode(Message.create("answer", "a").withCorrelationId("q1").withRawBody("\"wrong channel\"")));
        s.client().send(EnvelopeCodec.encode(Message.create("answer", "b").withCorrelationId("q1").withRawBody("\"yes\"")));
        Message answered = answer.get(30, TimeUnit.SECONDS);
        assertThat(answered.channelId()).isEqualTo("b");
        assertThat(answered.clientId()).isEqualTo(s.clientId());
        assertThat(answered.body()).isEqualTo(Json.createValue("yes"));
    }

    @Test
    void twoNodesOfAClusterRouteBroadcastsAndDirectSendsToSessionMemberships() throws Exception {
        InMemoryEngine.Cluster cluster = InMemoryEngine.cluster();
        fx = new ServerFixture(builder(ServerOptions.builder()).engine(cluster.node()));
        other = new ServerFixture(builder(ServerOptions.builder()).engine(cluster.node()));
        Session onA = open(fx);
        onA.join("room", "j1", null);
        onA.join("side", "j2", null);
        Session onB = open(other);
        onB.join("room", "j3", null);
        onB.client().send(request("chat", "room", "\"from B\""));
        assertThat(onA.nextOfType("chat").body()).isEqualTo(Json.createValue("from B"));
        assertThat(onB.nextOfType("chat").channelId()).isEqualTo("room");
        // a direct send on node B to the session on node A, for its other channel
        assertThat(other.server.send(onA.clientId(), Message.create("note", "side").withRawBody("1"))).isTrue();
        assertThat(onA.nextOfType("note").channelId()).isEqualTo("side");
        // after leaving one channel the session is still found, for the channel it is still in
        onA.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_LEAVE, "side").withCorrelationId("l1")));
        assertThat(onA.nextOfType(MessageTypes.LEAVE_SUCCESS).correlationId()).isEqualTo("l1");
        assertThat(other.server.send(onA.clientId(), Message.create("note", "room").withRawBody("2"))).isTrue();
        assertThat(onA.nextOfType("note").channelId()).isEqualTo("room");
    }

    @Test
    void aServerWithoutSessionsAnswersTheBasePathWith404() throws Exception {
        start(ServerOptions.builder().sessionsEnabled(false));
        assertThatThrownBy(() -> RecordingClient.connect(sessionUri(fx))).isNotNull();
        assertThat(fx.join("room").joinSuccess().type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
    }

    /** Reads frames until the presence event {@code type} about {@code clientId}. */
    private static Message presenceEvent(RecordingClient client, String type, String clientId) throws Exception {
        while (true) {
            Message m = nextOfType(client, type);
            if (m.body().asJsonObject().getString("clientId").equals(clientId)) {
                return m;
            }
        }
    }

    private static Message nextOfType(RecordingClient client, String type) throws Exception {
        while (true) {
            Envelope e = EnvelopeCodec.decode(client.next(WAIT));
            if (e instanceof Message m && m.type().equals(type)) {
                return m;
            }
        }
    }

    @Test
    void aSessionJoinIsAuthorizedItsFramesCarryItsIdentityAndADrainingServerRefusesJoins() throws Exception {
        fx = new ServerFixture(builder(ServerOptions.builder())
                .handshakeCheck(HandshakeCheck.admitting(h -> h.header("X-User")
                        .map(u -> HandshakeDecision.acceptAs(Identity.of(u, u.equals("ada") ? new String[] {"admin"} : new String[0])))
                        .orElse(HandshakeDecision.accept())))
                .authorizer(ChannelRules.builder().on("admins-*").join().anyRole("admin").build()));
        RecordingClient bobClient = RecordingClient.connect(sessionUri(fx), java.util.Map.of("X-User", java.util.List.of("bob")));
        Message ready = message(bobClient.next(WAIT));
        Session bob = new Session(bobClient, ready.clientId());

        ErrorMessage denied = bob.refusedJoin("admins-1", "j1");
        assertThat(errCode(denied)).isEqualTo("403");
        assertThat(denied.originType()).isEqualTo(MessageTypes.CHANNEL_JOIN);
        assertThat(denied.correlationId()).isEqualTo("j1");
        assertThat(fx.server.members("admins-1")).as("the denied join left nothing behind").isEmpty();

        assertThat(bob.join("room-1", "j2", null).type()).as("the session stays usable").isEqualTo(MessageTypes.JOIN_SUCCESS);
        bob.client().send(EnvelopeCodec.encode(Message.builder().id("m1").type("chat").channelId("room-1")
                .userId("ada").build().withRawBody("\"forged\"")));
        assertThat(bob.nextOfType("chat").userId()).as("stamped with the session's identity, over the forged one").isEqualTo("bob");

        RecordingClient adaClient = RecordingClient.connect(sessionUri(fx), java.util.Map.of("X-User", java.util.List.of("ada")));
        Session ada = new Session(adaClient, message(adaClient.next(WAIT)).clientId());
        assertThat(ada.join("admins-1", "j3", null).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);

        // two connections over 30 s: one closed at once, the other ~15 s later, so one session stays open to ask
        fx.server.drain(Duration.ofSeconds(30));
        await().atMost(WAIT).until(() -> !fx.server.readiness().ready());
        Session open = ada.client().isOpen() ? ada : bob;
        ErrorMessage restarting = open.refusedJoin("room-2", "j4");
        assertThat(errCode(restarting)).as("a join on a draining node goes to another node").isEqualTo("503");
        bob.client().close();
        ada.client().close();
    }
}
