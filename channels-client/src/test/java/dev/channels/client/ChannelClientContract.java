package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a client must do against any server speaking the protocol; subclasses pick the server. */
abstract class ChannelClientContract {

    static final Duration WAIT = Duration.ofSeconds(10);

    TestServer server;
    final List<ChannelClient> clients = new ArrayList<>();

    abstract TestServer startServer(int port);

    @BeforeEach
    void startServer() {
        server = startServer(0);
    }

    @AfterEach
    void stopAll() {
        clients.forEach(ChannelClient::close);
        if (server != null) {
            server.close();
        }
    }

    ChannelClient track(ChannelClient c) {
        clients.add(c);
        return c;
    }

    ChannelClient client(Recorder r, String... types) {
        return track(r.attach(ChannelClient.builder().connectTimeout(Duration.ofSeconds(5)), types).build());
    }

    @Test
    void joinsHasTheChannelWithTheServersClientIdAndLeaves() {
        ChannelClient client = client(new Recorder());

        JoinedChannel joined = client.join(server.base(), "room-1", Map.of("X-Token", List.of("t1")), Map.of("user", "ann"));

        assertThat(client.hasChannel("room-1")).isTrue();
        assertThat(joined.state()).isEqualTo(ChannelState.OPEN);
        assertThat(joined.uri().toString()).endsWith("/ws/room-1?user=ann");
        assertThat(server.clientIds("room-1")).containsExactly(joined.clientId());

        assertThat(client.leave("room-1")).isTrue();
        assertThat(client.hasChannel("room-1")).isFalse();
        assertThat(joined.state()).isEqualTo(ChannelState.CLOSED);
        await().atMost(WAIT).until(() -> server.clientIds("room-1").isEmpty());
        assertThat(client.leave("room-1")).isFalse();
    }

    @Test
    void joiningTheSameChannelTwiceFails() {
        ChannelClient client = client(new Recorder());
        client.join(server.base(), "room-1");

        assertThatThrownBy(() -> client.join(server.base(), "room-1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already joined");
        assertThat(server.clientIds("room-1")).hasSize(1);
    }

    @Test
    void aRefusedHandshakeFailsTheJoinWithTheStatus() {
        ChannelClient client = client(new Recorder());

        assertThatThrownBy(() -> client.join(server.refusingBase(), "room-1"))
                .isInstanceOfSatisfying(JoinException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JoinException.Reason.REFUSED);
                    assertThat(e.httpStatus()).isBetween(400, 499);
                    assertThat(e.getMessage()).contains("room-1").contains("REFUSED");
                });
        assertThat(client.hasChannel("room-1")).isFalse();
    }

    @Test
    void joiningAPortNobodyListensOnFailsAsUnreachable() {
        ChannelClient client = client(new Recorder());
        int closedPort = GoLikeServer.freePort();

        assertThatThrownBy(() -> client.join(java.net.URI.create("ws://localhost:" + closedPort + "/ws"), "room-1"))
                .isInstanceOfSatisfying(JoinException.class,
                        e -> assertThat(e.reason()).isEqualTo(JoinException.Reason.UNREACHABLE));
        assertThat(client.hasChannel("room-1")).isFalse();
    }

    @Test
    void publishingToAChannelNotJoinedFailsClearly() {
        ChannelClient client = client(new Recorder());
        client.join(server.base(), "room-1");

        assertThatThrownBy(() -> client.publish(Request.of("room-2", "chat", "hi")))
                .isInstanceOf(NotJoinedException.class).hasMessageContaining("room-2");
        client.leave("room-1");
        assertThatThrownBy(() -> client.publish(Request.of("room-1", "chat", "hi")))
                .isInstanceOf(NotJoinedException.class);
    }

    @Test
    void listenersReceiveDirectRepliesAndChannelBroadcasts() {
        Recorder ann = new Recorder();
        Recorder bob = new Recorder();
        ChannelClient annClient = client(ann, "chat", "echo");
        ChannelClient bobClient = client(bob, "chat", "echo");
        annClient.join(server.base(), "room-1");
        bobClient.join(server.base(), "room-1");

        annClient.publish(Request.of("room-1", "echo", Map.of("n", 1)));
        annClient.publish(Request.of("room-1", "chat", Map.of("text", "hello")));

        await().atMost(WAIT).until(() -> bob.ofType("chat").size() == 1 && ann.ofType("chat").size() == 1);
        assertThat(ann.ofType("echo")).singleElement().satisfies(m -> assertThat(m.rawBody()).isEqualTo("{\"n\":1}"));
        assertThat(bob.ofType("chat").get(0).rawBody()).isEqualTo("{\"text\":\"hello\"}");
        assertThat(bob.ofType("echo")).isEmpty();
    }

    @Test
    void aListenersReplyReachesTheServerOnTheSameConnection() {
        ChannelClient client = track(ChannelClient.builder()
                .listener("question", (ctx, msg) -> Optional.of(msg.newFrom("answer").withBody("42")))
                .build());
        JoinedChannel joined = client.join(server.base(), "room-1");

        server.broadcast(Message.create("question", "room-1").withCorrelationId("c-1"));

        await().atMost(WAIT).until(() -> server.received().stream().anyMatch(m -> m.type().equals("answer")));
        Message answer = server.received().stream().filter(m -> m.type().equals("answer")).findFirst().orElseThrow();
        assertThat(answer.clientId()).isEqualTo(joined.clientId());
        assertThat(answer.correlationId()).isEqualTo("c-1");
        assertThat(answer.rawBody()).isEqualTo("\"42\"");
    }

    @Test
    void anErrorEnvelopeGoesToTheServerErrorHandler() {
        Recorder r = new Recorder();
        ChannelClient client = client(r);
        client.join(server.base(), "room-1");

        client.publish(Request.of("room-1", "fail", Map.of("x", 1)));

        await().atMost(WAIT).until(() -> !r.serverErrors.isEmpty());
        assertThat(r.serverErrors.peek().originType()).isEqualTo("fail");
        assertThat(r.serverErrors.peek().originBody().toString()).isEqualTo("{\"x\":1}");
        assertThat(r.serverErrors.peek().detail()).map(ErrorDetail::errCode).contains("500");
        assertThat(client.channel("room-1")).map(JoinedChannel::state).contains(ChannelState.OPEN);
    }

    @Test
    void aThrowingListenerGoesToTheClientErrorHandlerAndTheConnectionSurvives() {
        Recorder r = new Recorder();
        ChannelClient client = track(r.attach(ChannelClient.builder()
                .listener("boom", (ctx, msg) -> {
                    throw new IllegalStateException("listener failed");
                }), "echo").build());
        client.join(server.base(), "room-1");

        server.broadcast(Message.create("boom", "room-1"));
        await().atMost(WAIT).until(() -> !r.clientErrors.isEmpty());
        assertThat(r.clientErrors.peek().getKey().type()).isEqualTo("boom");
        assertThat(r.clientErrors.peek().getValue()).hasMessage("listener failed");

        client.publish(Request.of("room-1", "echo", "still here"));
        await().atMost(WAIT).until(() -> r.ofType("echo").size() == 1);
    }

    @Test
    void requestReplyReturnsTheMessageWithTheSameCorrelationId() {
        Recorder r = new Recorder();
        ChannelClient client = client(r, "echo");
        client.join(server.base(), "room-1");

        Message reply = client.request(Request.of("room-1", "echo", "ping"), WAIT);

        assertThat(reply.type()).isEqualTo("echo");
        assertThat(reply.rawBody()).isEqualTo("\"ping\"");
        assertThat(reply.correlationId()).isNotEmpty();
        assertThat(r.ofType("echo")).as("a reply awaited is not also given to the listener").isEmpty();
        assertThat(((ChannelConnection) client.channel("room-1").orElseThrow()).replies().size()).isZero();
    }

    @Test
    void requestReplyTimesOutAndForgetsTheWaiter() {
        ChannelClient client = client(new Recorder());
        client.join(server.base(), "room-1");

        assertThatThrownBy(() -> client.request(Request.of("room-1", "nobody-answers", "?"), Duration.ofMillis(200)))
                .isInstanceOf(RequestTimeoutException.class).hasMessageContaining("nobody-answers");
        assertThat(((ChannelConnection) client.channel("room-1").orElseThrow()).replies().size()).isZero();
    }

    @Test
    void requestReplyFailsWithTheServersErrorEnvelope() {
        ChannelClient client = client(new Recorder());
        client.join(server.base(), "room-1");

        CompletableFuture<Message> reply = client.requestAsync(Request.of("room-1", "fail", "x"), WAIT);

        assertThatThrownBy(reply::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ServerErrorReplyException.class,
                        e -> assertThat(e.error().originType()).isEqualTo("fail"));
    }

    @Test
    void requestToAChannelNotJoinedFailsTheFuture() {
        ChannelClient client = client(new Recorder());

        assertThat(client.requestAsync(Request.of("nowhere", "echo", 1), WAIT))
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NotJoinedException.class);
    }

    @Test
    void channelClosedLeavesTheChannelWithoutReconnecting() {
        Recorder r = new Recorder();
        ChannelClient client = track(r.attach(ChannelClient.builder()
                .reconnect(ReconnectPolicy.attempts(3, Duration.ofMillis(50))), "x").build());
        JoinedChannel joined = client.join(server.base(), "room-1");

        server.closeChannel("room-1");

        await().atMost(WAIT).until(() -> !client.hasChannel("room-1"));
        assertThat(joined.state()).isEqualTo(ChannelState.CLOSED);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> server.clientIds("room-1").isEmpty());
        assertThat(joined.reconnects()).isZero();
    }

    @Test
    void aNormalCloseByTheServerDoesNotReconnect() {
        ChannelClient client = track(ChannelClient.builder()
                .reconnect(ReconnectPolicy.attempts(3, Duration.ofMillis(50))).build());
        JoinedChannel joined = client.join(server.base(), "room-1");

        server.closeNormally("room-1");

        await().atMost(WAIT).until(() -> !client.hasChannel("room-1"));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> server.clientIds("room-1").isEmpty());
        assertThat(joined.reconnects()).isZero();
        assertThatThrownBy(() -> client.publish(Request.of("room-1", "chat", 1))).isInstanceOf(NotJoinedException.class);
    }

    @Test
    void reconnectsAfterAServerRestartWithANewClientId() {
        Recorder r = new Recorder();
        ChannelClient client = track(r.attach(ChannelClient.builder()
                .reconnect(ReconnectPolicy.forever(Duration.ofMillis(100))), "chat").build());
        JoinedChannel joined = client.join(server.base(), "room-1");
        String firstId = joined.clientId();
        int port = server.port();

        server.close();
        await().atMost(WAIT).until(() -> joined.state() == ChannelState.RECONNECTING);
        assertThatThrownBy(() -> client.publish(Request.of("room-1", "chat", "lost")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("reconnecting");
        server = startServer(port);

        await().atMost(WAIT).until(() -> joined.state() == ChannelState.OPEN);
        assertThat(joined.clientId()).isNotEqualTo(firstId).isNotEmpty();
        assertThat(server.clientIds("room-1")).containsExactly(joined.clientId());
        assertThat(joined.reconnects()).isEqualTo(1);
        client.publish(Request.of("room-1", "chat", "back"));
        await().atMost(WAIT).until(() -> r.ofType("chat").size() == 1);
    }

    @Test
    void reconnectGivesUpAfterTheConfiguredAttempts() {
        channelEndsWhenTheServerIsGoneForGood(track(ChannelClient.builder()
                .reconnect(ReconnectPolicy.attempts(2, Duration.ofMillis(50))).build()));
    }

    @Test
    void withoutAReconnectPolicyAnAbnormalCloseEndsTheChannel() {
        channelEndsWhenTheServerIsGoneForGood(client(new Recorder()));
    }

    /** {@code client} joins room-1, then the server goes away for good: the channel ends and the client lets it go. */
    private void channelEndsWhenTheServerIsGoneForGood(ChannelClient client) {
        JoinedChannel joined = client.join(server.base(), "room-1");

        server.close();
        server = null;

        await().atMost(WAIT).until(() -> joined.state() == ChannelState.CLOSED);
        assertThat(client.hasChannel("room-1")).isFalse();
    }

    @Test
    void oneClientHoldsFiftyChannelsAtOnce() {
        Recorder r = new Recorder();
        ChannelClient client = client(r, "chat");
        for (int i = 0; i < 50; i++) {
            client.join(server.base(), "room-" + i);
        }
        assertThat(client.channelIds()).hasSize(50);

        for (int i = 0; i < 50; i++) {
            client.publish(Request.of("room-" + i, "chat", i));
        }

        await().atMost(WAIT).until(() -> r.ofType("chat").size() == 50);
        for (int i = 0; i < 50; i++) {
            assertThat(r.ofType("chat", "room-" + i)).singleElement()
                    .satisfies(m -> assertThat(m.rawBody()).isNotEmpty());
        }
        for (int i = 0; i < 50; i++) {
            assertThat(server.clientIds("room-" + i)).hasSize(1);
        }
    }

    @Test
    void closeLeavesEveryChannelAndNoThreadsBehind() {
        server.close();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        server = startServer(0);
        ChannelClient client = ChannelClient.builder().reconnect(ReconnectPolicy.attempts(3, Duration.ofMillis(50))).build();
        for (int i = 0; i < 5; i++) {
            client.join(server.base(), "room-" + i);
        }
        client.request(Request.of("room-0", "echo", 1), WAIT);
        assertThat(newThreads(before)).anyMatch(n -> n.startsWith("channels-client"));

        client.close();

        await().atMost(WAIT).untilAsserted(() -> assertThat(newThreads(before))
                .noneMatch(n -> n.startsWith("channels-client") || n.startsWith("Grizzly(")));
        await().atMost(WAIT).until(() -> server.clientIds("room-0").isEmpty());
        assertThatThrownBy(() -> client.join(server.base(), "room-9")).isInstanceOf(IllegalStateException.class);
        server.close();
        server = null;
        // the server's threads end with it; any thread still alive that was not there before is the client's
        await().atMost(WAIT).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    }

    @Test
    void aMessageOverTheMaximumSizeClosesTheConnection() {
        Recorder r = new Recorder();
        ChannelClient client = track(r.attach(ChannelClient.builder().maxMessageSize(2_000), "big").build());
        JoinedChannel joined = client.join(server.base(), "room-1");

        server.broadcast(Message.create("big", "room-1").withBody("x".repeat(500)));
        await().atMost(WAIT).until(() -> r.ofType("big").size() == 1);
        server.broadcast(Message.create("big", "room-1").withBody("x".repeat(5_000)));

        await().atMost(WAIT).until(() -> joined.state() == ChannelState.CLOSED);
        assertThat(r.ofType("big")).hasSize(1);
        assertThat(client.hasChannel("room-1")).isFalse();
    }

    @Test
    void joinSuccessListenerIsCalledAndReservedErrorTypeIsRejected() {
        Recorder r = new Recorder();
        ChannelClient client = client(r, MessageTypes.JOIN_SUCCESS);
        JoinedChannel joined = client.join(server.base(), "room-1");

        await().atMost(WAIT).until(() -> r.ofType(MessageTypes.JOIN_SUCCESS).size() == 1);
        assertThat(r.ofType(MessageTypes.JOIN_SUCCESS).get(0).clientId()).isEqualTo(joined.clientId());
        assertThatThrownBy(() -> ChannelClient.builder().listener(MessageTypes.ERROR, r.listener()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Names of live threads that were not in {@code before} (Awaitility's own excepted). */
    static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("awaitility"))
                .toList();
    }
}
