package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Request;
import dev.channels.server.ChannelServer;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.ServerOptions;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.CuttableProxy;
import dev.channels.testkit.RecordingClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ChannelClient and channel streams: recovery on rejoin, the recovered flag and listener, presence. */
class ClientRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closing = new ArrayList<>();
    /** The recovered flag of each rejoin of the client {@link #joinThrough} made, in order. */
    private final List<Boolean> rejoins = new CopyOnWriteArrayList<>();

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

    private TestRunner.Running serve(ServerOptions options) throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(options)
                .handshakeCheck(HandshakeCheck.admitting(h -> h.header("X-User").map(HandshakeDecision::acceptAs).orElse(HandshakeDecision.accept())))
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .build();
        return closeLater(TestRunner.current().start(server, 0));
    }

    /**
     * Joins {@code channel} through {@code proxy} (which a test cuts) with a client that reconnects every
     * {@code delay} and records each rejoin's recovered flag in {@link #rejoins}; {@code more} adds to its builder.
     */
    private JoinedChannel joinThrough(CuttableProxy proxy, String channel, Duration delay,
                                      UnaryOperator<ChannelClientBuilder> more) {
        ChannelClient client = closeLater(more.apply(ChannelClient.builder()
                        .reconnect(ReconnectPolicy.forever(delay))
                        .onRejoin((id, recovered) -> rejoins.add(recovered)))
                .build());
        return client.join(URI.create("ws://localhost:" + proxy.port() + "/ws"), channel);
    }

    private static long offset(Message m) {
        return Long.parseLong(m.header(ChannelHeaders.CHANNEL_OFFSET).orElseThrow());
    }

    @Test
    void aRejoinAfterANetworkCutRecoversEveryMissedMessageOnceInOrderWhileThePublisherKeepsSending() throws Exception {
        int total = 1000;
        TestRunner.Running running = serve(ServerOptions.builder().historySize(total).historyTtl(Duration.ofMinutes(5)).build());
        closeLater(RecordingClient.connect(running.channelUri("live").toString())); // keeps the channel up
        CuttableProxy proxy = closeLater(new CuttableProxy(running.port()));
        List<Long> offsets = new CopyOnWriteArrayList<>();
        JoinedChannel joined = joinThrough(proxy, "live", Duration.ofMillis(100), builder -> builder
                .listener("tick", (ctx, msg) -> {
                    offsets.add(offset(msg));
                    return msg.noContent();
                }));
        assertThat(joined.streamEpoch()).isNotEmpty();
        AtomicInteger published = new AtomicInteger();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            while (published.get() < total) {
                running.server().broadcast("live", Message.create("tick").withBody(published.incrementAndGet()));
                LockSupport.parkNanos(1_000_000); // a steady rate, so the rejoin happens mid-stream
            }
        });
        await().atMost(WAIT).until(() -> offsets.size() >= 100);
        proxy.cut();
        await().atMost(WAIT).until(() -> joined.state() == ChannelState.RECONNECTING || joined.reconnects() > 0);
        await().atMost(WAIT).until(() -> joined.reconnects() == 1);
        publisher.get();
        await().atMost(WAIT).until(() -> !offsets.isEmpty() && offsets.get(offsets.size() - 1) == total);
        List<Long> expected = new ArrayList<>();
        for (long o = 1; o <= total; o++) {
            expected.add(o);
        }
        assertThat(offsets).as("every offset once, in order, across the cut").isEqualTo(expected);
        assertThat(rejoins).containsExactly(true);
        assertThat(joined.lastRejoinRecovered()).isTrue();
        assertThat(joined.lastOffset()).isEqualTo(total);
    }

    @Test
    void aRejoinToAServerWithoutHistoryReportsNotRecovered() throws Exception {
        TestRunner.Running running = serve(ServerOptions.defaults());
        CuttableProxy proxy = closeLater(new CuttableProxy(running.port()));
        JoinedChannel joined = joinThrough(proxy, "plain", Duration.ofMillis(100), builder -> builder);
        assertThat(joined.streamEpoch()).isEmpty();
        proxy.cut();
        await().atMost(WAIT).until(() -> rejoins.size() == 1);
        assertThat(rejoins).containsExactly(false);
        assertThat(joined.lastRejoinRecovered()).isFalse();
    }

    @Test
    void aRejoinWhoseStreamIsGoneReportsNotRecovered() throws Exception {
        TestRunner.Running running = serve(ServerOptions.builder().historySize(5).historyTtl(Duration.ofMinutes(5)).build());
        closeLater(RecordingClient.connect(running.channelUri("short").toString()));
        CuttableProxy proxy = closeLater(new CuttableProxy(running.port()));
        JoinedChannel joined = joinThrough(proxy, "short", Duration.ofSeconds(1), builder -> builder);
        proxy.cut();
        await().atMost(WAIT).until(() -> joined.state() == ChannelState.RECONNECTING);
        for (int i = 0; i < 20; i++) { // more than the history keeps
            running.server().broadcast("short", Message.create("tick").withBody(i));
        }
        await().atMost(WAIT).until(() -> rejoins.size() == 1);
        assertThat(rejoins).containsExactly(false);
        assertThat(joined.lastOffset()).as("continues from the top").isEqualTo(20);
    }

    /**
     * Issue 22 item 4: the client rejoins from an epoch that is gone (its stream removed while the
     * client was away, as a Redis restarted empty loses it): not recovered, but the new epoch's messages
     * published while it was away reach its listener, in order, once, and its position follows them.
     */
    @Test
    void aRejoinIntoANewEpochReportsNotRecoveredAndDeliversTheNewEpochFromItsStart() throws Exception {
        TestRunner.Running running = serve(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).build());
        CuttableProxy proxy = closeLater(new CuttableProxy(running.port()));
        List<Message> ticks = new CopyOnWriteArrayList<>();
        JoinedChannel joined = joinThrough(proxy, "reborn", Duration.ofSeconds(1), builder -> builder
                .listener("tick", (ctx, msg) -> {
                    ticks.add(msg);
                    return msg.noContent();
                }));
        running.server().broadcast("reborn", Message.create("tick").withBody("old"));
        await().atMost(WAIT).until(() -> ticks.size() == 1);
        String oldEpoch = joined.streamEpoch();
        proxy.cut();
        await().atMost(WAIT).until(() -> joined.state() == ChannelState.RECONNECTING);
        running.server().engine().broker().removeStream("reborn").join(); // the stream's past is gone, as in a Redis restarted empty
        RecordingClient newcomer = closeLater(RecordingClient.connect(running.channelUri("reborn").toString()));
        newcomer.next(); // its join.success: the channel is back, in its new epoch (a broadcast to no channel is dropped)
        for (int i = 1; i <= 3; i++) {
            assertThat(running.server().broadcast("reborn", Message.create("tick").withBody("new " + i))).isPositive();
        }
        await().atMost(WAIT).until(() -> rejoins.size() == 1);
        assertThat(rejoins).containsExactly(false);
        await().atMost(WAIT).until(() -> ticks.size() == 4);
        assertThat(joined.streamEpoch()).isNotEqualTo(oldEpoch);
        assertThat(ticks.subList(1, 4)).extracting(ClientRecoveryTest::offset).containsExactly(1L, 2L, 3L);
        assertThat(ticks.subList(1, 4)).allSatisfy(m ->
                assertThat(m.header(ChannelHeaders.CHANNEL_EPOCH)).contains(joined.streamEpoch()));
        assertThat(joined.lastOffset()).isEqualTo(3);
        running.server().broadcast("reborn", Message.create("tick").withBody("live"));
        await().atMost(WAIT).until(() -> ticks.size() == 5);
        assertThat(offset(ticks.get(4))).isEqualTo(4);
    }

    @Test
    void presenceListsTheMembersAndPresenceEventsReachListeners() throws Exception {
        TestRunner.Running running = serve(ServerOptions.builder().presenceEvents(true).build());
        List<Message> events = new CopyOnWriteArrayList<>();
        ChannelClient alice = closeLater(ChannelClient.builder()
                .listener(MessageTypes.PRESENCE_JOINED, (ctx, msg) -> {
                    events.add(msg);
                    return msg.noContent();
                })
                .listener(MessageTypes.PRESENCE_LEFT, (ctx, msg) -> {
                    events.add(msg);
                    return msg.noContent();
                })
                .build());
        URI base = URI.create("ws://localhost:" + running.port() + "/ws");
        JoinedChannel a = alice.join(base, "room", Map.of("X-User", List.of("alice")), Map.of());
        ChannelClient bob = ChannelClient.builder().build();
        JoinedChannel b = bob.join(base, "room", Map.of("X-User", List.of("bob")), Map.of());
        ChannelPresence presence = a.presence();
        assertThat(presence.channelId()).isEqualTo("room");
        assertThat(presence.count()).isEqualTo(2);
        assertThat(presence.members()).containsExactly(
                new ChannelPresence.Member(a.clientId(), "alice"), new ChannelPresence.Member(b.clientId(), "bob"));
        bob.close();
        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).extracting(Message::type).containsExactly(
                MessageTypes.PRESENCE_JOINED, MessageTypes.PRESENCE_JOINED, MessageTypes.PRESENCE_LEFT);
        assertThat(events.get(2).body().asJsonObject().getString("clientId")).isEqualTo(b.clientId());
        assertThat(a.presence().members()).extracting(ChannelPresence.Member::userId).containsExactly("alice");
        alice.publish(Request.of("room", "chat", "still works"));
    }
}
