package dev.channels.server;

import static dev.channels.server.ChannelStreamTest.nextOfType;
import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testkit.RecordingClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Presence over real sockets (docs/protocol.md "Presence"): get.info, ChannelServer.presence, presence events. */
class PresenceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    /** Users name themselves with header X-User; "mallory" is refused. */
    private static final HandshakeCheck USERS = HandshakeCheck.admitting(h -> {
        String user = h.header("X-User").orElse("");
        if (user.equals("mallory")) {
            return HandshakeDecision.refuse("not you");
        }
        return user.isEmpty() ? HandshakeDecision.accept() : HandshakeDecision.acceptAs(user);
    });

    private ServerFixture start(ServerOptions options) throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .options(options)
                .handshakeCheck(USERS)
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
        return fx;
    }

    private ServerFixture.Joined join(String channel, String user) throws Exception {
        RecordingClient c = fx.connect(channel, user == null ? Map.of() : Map.of("X-User", List.of(user)));
        Message join = message(c.next(WAIT));
        assertThat(join.type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        return new ServerFixture.Joined(c, join.clientId(), join);
    }

    private static JsonObject body(Message m) {
        return m.body().asJsonObject();
    }

    @Test
    void getInfoAnswersTheSenderWithEveryMember() throws Exception {
        start(ServerOptions.defaults());
        ServerFixture.Joined alice = join("room", "alice");
        ServerFixture.Joined anon = join("room", null);
        ServerFixture.Joined bob = join("room", "bob");
        join("elsewhere", "carol");
        anon.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "room").withCorrelationId("q-1")));
        Message info = nextOfType(anon.client(), MessageTypes.INFO);
        assertThat(info.correlationId()).isEqualTo("q-1");
        assertThat(info.clientId()).isEqualTo(anon.clientId());
        assertThat(info.headers()).doesNotContainKeys(ChannelHeaders.CHANNEL_OFFSET);
        JsonObject b = body(info);
        assertThat(b.getString("channelId")).isEqualTo("room");
        assertThat(b.getInt("count")).isEqualTo(3);
        assertThat(b.getJsonArray("members")).map(v -> v.asJsonObject().getString("clientId") + "/" + v.asJsonObject().getString("userId"))
                .containsExactly(alice.clientId() + "/alice", anon.clientId() + "/", bob.clientId() + "/bob");
        assertThat(alice.client().poll(Duration.ofMillis(300))).as("a direct reply: nobody else gets it").isNull();
    }

    @Test
    void serverPresenceReportsClientUserAndJoinTime() throws Exception {
        start(ServerOptions.defaults());
        Instant before = Instant.now();
        ServerFixture.Joined alice = join("p", "alice");
        ServerFixture.Joined bob = join("p", "bob");
        List<ChannelMember> members = fx.server.presence("p");
        assertThat(members).extracting(ChannelMember::clientId).containsExactly(alice.clientId(), bob.clientId());
        assertThat(members).extracting(ChannelMember::userId).containsExactly("alice", "bob");
        assertThat(members).allSatisfy(m -> assertThat(m.joinedAt()).isBetween(before.minusSeconds(1), Instant.now()));
        bob.client().close();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> fx.server.presence("p").size() == 1);
        assertThat(fx.server.presence("nope")).isEmpty();
    }

    @Test
    void presenceEventsReachEveryMemberOncePerJoinAndLeaveAndAreNotInTheStream() throws Exception {
        start(ServerOptions.builder().presenceEvents(true).historySize(100).historyTtl(Duration.ofMinutes(5)).build());
        ServerFixture.Joined alice = join("ev", "alice");
        Message self = nextOfType(alice.client(), MessageTypes.PRESENCE_JOINED);
        assertThat(body(self).getString("clientId")).isEqualTo(alice.clientId());
        ServerFixture.Joined bob = join("ev", "bob");
        Message bobJoined = message(alice.client().next(WAIT));
        assertThat(bobJoined.type()).isEqualTo(MessageTypes.PRESENCE_JOINED);
        assertThat(body(bobJoined).getString("clientId")).isEqualTo(bob.clientId());
        assertThat(body(bobJoined).getString("userId")).isEqualTo("bob");
        assertThat(bobJoined.headers()).as("not in the stream").doesNotContainKeys(ChannelHeaders.CHANNEL_OFFSET);
        Message bobSelf = message(bob.client().next(WAIT));
        assertThat(bobSelf.type()).as("the joiner's own event comes after its join.success").isEqualTo(MessageTypes.PRESENCE_JOINED);
        bob.client().close();
        Message bobLeft = message(alice.client().next(WAIT));
        assertThat(bobLeft.type()).isEqualTo(MessageTypes.PRESENCE_LEFT);
        assertThat(body(bobLeft).getString("clientId")).isEqualTo(bob.clientId());
        // the stream did not count the events: the first chat message is offset 1
        alice.client().send(EnvelopeCodec.encode(Message.create("chat", "ev").withBody("hi")));
        Message chat = message(alice.client().next(WAIT));
        assertThat(chat.type()).as("exactly one event per join and leave").isEqualTo("chat");
        assertThat(chat.header(ChannelHeaders.CHANNEL_OFFSET)).contains("1");
    }

    @Test
    void aRefusedHandshakeSendsNoPresenceEventAndIsNotListed() throws Exception {
        start(ServerOptions.builder().presenceEvents(true).build());
        ServerFixture.Joined alice = join("guarded", "alice");
        nextOfType(alice.client(), MessageTypes.PRESENCE_JOINED);
        RecordingClient mallory = fx.connect("guarded", Map.of("X-User", List.of("mallory")));
        CloseReason refused = mallory.closed().get(30, TimeUnit.SECONDS);
        assertThat(refused.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(fx.server.presence("guarded")).extracting(ChannelMember::userId).containsExactly("alice");
        ServerFixture.Joined carol = join("guarded", "carol");
        Message next = message(alice.client().next(WAIT));
        assertThat(next.type()).isEqualTo(MessageTypes.PRESENCE_JOINED);
        assertThat(body(next).getString("clientId")).as("the next event is carol's, none came for mallory").isEqualTo(carol.clientId());
    }

    @Test
    void withoutPresenceEventsNothingIsSentOnJoinOrLeave() throws Exception {
        start(ServerOptions.defaults());
        ServerFixture.Joined alice = join("quiet", "alice");
        ServerFixture.Joined bob = join("quiet", "bob");
        bob.client().close();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> fx.server.presence("quiet").size() == 1);
        alice.client().send(EnvelopeCodec.encode(Message.create("chat", "quiet").withBody("hi")));
        assertThat(message(alice.client().next(WAIT)).type()).isEqualTo("chat");
    }
}
