package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.server.ChannelRules;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.CuttableProxy;
import dev.channels.testkit.RecordingClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client on sessions (docs/protocol.md "Sessions"): its channels share one socket, each with its own
 * messages, replies, leave and refusals; one reconnect rejoins them all with recovery, on the next node at once
 * when a node drains; and it falls back to one
 * connection per channel where the server has no sessions.
 */
class SessionClientTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> ROOMS = List.of("room-1", "room-2", "room-3");

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    /** {@code chat} to the channel, {@code echo} to the sender; {@code private-*} needs an identity (anonymous: 403). */
    private TestRunner.Running serve(ServerOptions options) throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(options)
                .authorizer(ChannelRules.builder().on("private-*").authenticated().build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .build();
        return closeLater(TestRunner.current().start(server, 0));
    }

    private static URI base(int port) {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    private ChannelClient client(Recorder r, ChannelClientBuilder builder) {
        return closeLater(r.attach(builder, "chat").build());
    }

    @Test
    void threeChannelsShareOneSocketWithTheirOwnMessagesRepliesLeaveAndRefusals() throws Exception {
        TestRunner.Running running = serve(ServerOptions.defaults());
        ChannelServer server = running.server();
        Recorder r = new Recorder();
        ChannelClient client = client(r, ChannelClient.builder());
        List<JoinedChannel> joined = ROOMS.stream().map(room -> client.join(base(running.port()), room)).toList();

        assertThat(server.connectionCount()).as("one socket for three channels").isEqualTo(1);
        String clientId = joined.get(0).clientId();
        for (String room : ROOMS) {
            assertThat(server.members(room)).containsExactly(clientId);
            server.broadcast(room, Message.create("chat", room).withBody(room));
        }
        await().atMost(WAIT).until(() -> r.ofType("chat").size() == 3);
        for (String room : ROOMS) {
            assertThat(r.ofType("chat", room)).singleElement().satisfies(m -> assertThat(m.rawBody()).contains(room));
            Message reply = client.request(Request.of(room, "echo", room), WAIT);
            assertThat(reply.channelId()).isEqualTo(room);
            assertThat(reply.rawBody()).contains(room);
        }

        assertThatThrownBy(() -> client.join(base(running.port()), "private-1"))
                .isInstanceOfSatisfying(JoinRefusedException.class, e -> {
                    assertThat(e.errCode()).isEqualTo("403");
                    assertThat(e.getMessage()).contains("private-1").contains("not allowed");
                });
        assertThat(client.hasChannel("private-1")).isFalse();

        assertThat(client.leave("room-2")).isTrue();
        assertThat(server.members("room-2")).as("left when leave() returns (leave.success)").isEmpty();
        assertThat(client.request(Request.of("room-3", "echo", "still"), WAIT).channelId()).isEqualTo("room-3");
        assertThat(client.channelIds()).containsExactlyInAnyOrder("room-1", "room-3");
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void aDroppedSessionRejoinsEveryChannelWithRecoveryAndTheMissedMessages() throws Exception {
        TestRunner.Running running = serve(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).build());
        for (String room : ROOMS) { // keep each channel and its stream up while the client is away
            closeLater(RecordingClient.connect(running.channelUri(room).toString()));
        }
        CuttableProxy proxy = closeLater(new CuttableProxy(running.port()));
        List<String> rejoined = new CopyOnWriteArrayList<>();
        Recorder r = new Recorder();
        ChannelClient client = client(r, ChannelClient.builder()
                .reconnect(ReconnectPolicy.forever(Duration.ofMillis(100)))
                .onRejoin((channel, recovered) -> rejoined.add(channel.channelId() + "=" + recovered)));
        List<JoinedChannel> joined = ROOMS.stream().map(room -> client.join(base(proxy.port()), room)).toList();
        for (String room : ROOMS) {
            running.server().broadcast(room, Message.create("chat", room).withBody("before"));
        }
        await().atMost(WAIT).until(() -> r.ofType("chat").size() == 3);

        proxy.cut();
        await().atMost(WAIT).until(() -> joined.stream().allMatch(j -> j.state() == ChannelState.RECONNECTING));
        for (String room : ROOMS) {
            running.server().broadcast(room, Message.create("chat", room).withBody("missed"));
        }

        await().atMost(WAIT).until(() -> joined.stream().allMatch(j -> j.reconnects() == 1 && j.state() == ChannelState.OPEN));
        assertThat(rejoined).containsExactlyInAnyOrder("room-1=true", "room-2=true", "room-3=true");
        await().atMost(WAIT).until(() -> r.ofType("chat").size() == 6);
        for (String room : ROOMS) {
            assertThat(r.ofType("chat", room)).extracting(Message::rawBody).containsExactly("\"before\"", "\"missed\"");
            assertThat(client.request(Request.of(room, "echo", 1), WAIT).channelId()).isEqualTo(room);
        }
        assertThat(joined).extracting(JoinedChannel::clientId).containsOnly(joined.get(0).clientId());
    }

    @Test
    void aDrainedNodeSendsTheSessionWithAllItsChannelsToTheNextNodeAtOnce() throws Exception {
        TestRunner.Running a = serve(ServerOptions.defaults());
        TestRunner.Running b = serve(ServerOptions.defaults());
        ChannelClient client = client(new Recorder(), ChannelClient.builder()
                .reconnect(ReconnectPolicy.forever(Duration.ofMinutes(5)))); // only "at once" is in time
        List<URI> nodes = List.of(base(a.port()), base(b.port()));
        List<JoinedChannel> joined = List.of(client.join(nodes, "room-1"), client.join(nodes, "room-2"));
        assertThat(a.server().connectionCount()).isEqualTo(1);

        a.server().drain(Duration.ZERO); // 1012 to every member: a rolling restart

        await().atMost(WAIT).until(() -> joined.stream().allMatch(j -> j.reconnects() == 1 && j.state() == ChannelState.OPEN));
        assertThat(b.server().connectionCount()).isEqualTo(1);
        assertThat(b.server().members("room-1")).containsExactly(joined.get(0).clientId());
        assertThat(b.server().members("room-2")).containsExactly(joined.get(0).clientId());
        assertThat(joined.get(1).uri().getPort()).isEqualTo(b.port());
    }

    @Test
    void aListenerOfTheSessionCanJoinAnotherChannel() throws Exception {
        TestRunner.Running running = serve(ServerOptions.defaults());
        URI base = base(running.port());
        java.util.concurrent.atomic.AtomicReference<ChannelClient> self = new java.util.concurrent.atomic.AtomicReference<>();
        ChannelClient client = client(new Recorder(), ChannelClient.builder().listener("invite", (ctx, msg) -> {
            self.get().join(base, "room-2"); // on the session's reader thread: must not wait for its own frames
            return msg.noContent();
        }));
        self.set(client);
        client.join(base, "room-1");

        running.server().broadcast("room-1", Message.create("invite", "room-1"));

        await().atMost(WAIT).until(() -> client.hasChannel("room-2"));
        assertThat(client.request(Request.of("room-2", "echo", 2), WAIT).channelId()).isEqualTo("room-2");
    }

    @Test
    void aServerWithoutSessionsGetsOneConnectionPerChannel() throws Exception {
        TestRunner.Running running = serve(ServerOptions.builder().sessionsEnabled(false).build());
        ChannelClient client = client(new Recorder(), ChannelClient.builder());
        for (String room : ROOMS) {
            client.join(base(running.port()), room);
        }

        assertThat(running.server().connectionCount()).isEqualTo(3);
        for (String room : ROOMS) {
            assertThat(client.request(Request.of(room, "echo", room), WAIT).channelId()).isEqualTo(room);
        }
    }

    @Test
    void aGoLikeServerGetsOneConnectionPerChannel() {
        GoLikeServer server = closeLater(GoLikeServer.start(0));
        ChannelClient client = client(new Recorder(), ChannelClient.builder());
        client.join(server.base(), "room-1");
        client.join(server.base(), "room-2");

        assertThat(GoLikeServer.members("room-1")).hasSize(1);
        assertThat(GoLikeServer.members("room-2")).hasSize(1);
        assertThat(client.request(Request.of("room-2", "echo", 2), WAIT).channelId()).isEqualTo("room-2");
    }

    @Test
    void sessionsCanBeTurnedOff() throws Exception {
        TestRunner.Running running = serve(ServerOptions.defaults());
        ChannelClient client = client(new Recorder(), ChannelClient.builder().sessions(false));
        client.join(base(running.port()), "room-1");
        client.join(base(running.port()), "room-2");

        assertThat(running.server().connectionCount()).isEqualTo(2);
    }
}
