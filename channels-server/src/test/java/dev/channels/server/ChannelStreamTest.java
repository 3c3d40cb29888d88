package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testkit.RecordingClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Channel streams over real sockets (docs/protocol.md "Channel streams"): offsets, epoch, headers, recovery, lifetime. */
class ChannelStreamTest {

    private static final System.Logger LOG = System.getLogger(ChannelStreamTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    private ServerFixture start(ServerOptions options) throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .options(options)
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))));
        return fx;
    }

    private static ServerOptions history(int size, Duration ttl) {
        return ServerOptions.builder().historySize(size).historyTtl(ttl).build();
    }

    static long offset(Message m) {
        return Long.parseLong(m.header(ChannelHeaders.CHANNEL_OFFSET).orElseThrow(() -> new AssertionError("no offset on " + m)));
    }

    static String epoch(Message m) {
        return m.header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow(() -> new AssertionError("no epoch on " + m));
    }

    /** Reads frames until a message of {@code type}. */
    static Message nextOfType(RecordingClient c, String type) throws InterruptedException {
        while (true) {
            Envelope e = EnvelopeCodec.decode(c.next(WAIT));
            if (e instanceof Message m && m.type().equals(type)) {
                return m;
            }
        }
    }

    /** Starts the server with a history on a {@link ControllableEngine}, which it returns. */
    private ControllableEngine startOnAControllableEngine() throws Exception {
        ControllableEngine engine = new ControllableEngine();
        fx = new ServerFixture(ChannelServer.builder().options(history(100, Duration.ofMinutes(5))).engine(engine));
        return engine;
    }

    private String recoveryUri(String channel, long since, String epoch) {
        return fx.uri(channel) + "?since=" + since + "&epoch=" + epoch;
    }

    @Test
    void joinSuccessAndChannelMessagesCarryTheStreamPositionAndDirectRepliesDoNot() throws Exception {
        start(history(100, Duration.ofMinutes(5)));
        ServerFixture.Joined a = fx.join("s1");
        assertThat(a.joinSuccess().header(ChannelHeaders.CHANNEL_OFFSET)).contains("0");
        String epoch = epoch(a.joinSuccess());
        assertThat(a.joinSuccess().header(ChannelHeaders.CHANNEL_RECOVERED)).as("no since: no recovery header").isEmpty();
        a.client().send(request("chat", "s1", "\"one\""));
        Message one = message(a.client().next());
        assertThat(one.header(ChannelHeaders.CHANNEL_OFFSET)).contains("1");
        assertThat(one.header(ChannelHeaders.CHANNEL_EPOCH)).contains(epoch);
        fx.server.broadcast("s1", Message.create("news").withBody("two"));
        assertThat(offset(message(a.client().next()))).isEqualTo(2);
        a.client().send(request("echo", "s1", "\"direct\""));
        Message echo = message(a.client().next());
        assertThat(echo.type()).isEqualTo("echo");
        assertThat(echo.headers()).doesNotContainKeys(ChannelHeaders.CHANNEL_OFFSET, ChannelHeaders.CHANNEL_EPOCH);
        ServerFixture.Joined b = fx.join("s1");
        assertThat(b.joinSuccess().header(ChannelHeaders.CHANNEL_OFFSET)).contains("2");
        assertThat(epoch(b.joinSuccess())).isEqualTo(epoch);
    }

    @Test
    void withoutHistoryNoFrameCarriesStreamHeaders() throws Exception {
        start(ServerOptions.defaults());
        ServerFixture.Joined a = fx.join("plain");
        assertThat(a.joinSuccess().headers()).isEmpty();
        a.client().send(request("chat", "plain", "\"x\""));
        assertThat(message(a.client().next()).headers()).isEmpty();
    }

    /** The join.success of a Go seed server, from docs/protocol.md "Message envelope". */
    private static final String GO_JOIN_SUCCESS = "{\"correlationId\":\"\",\"appId\":\"\",\"clientID\":\"bc284a49-7013-452c-a078-e18c7a80dd79\","
            + "\"userId\":\"\",\"expiration\":null,\"body\":null,\"messageId\":\"bc7802ab-0f39-4763-8d17-a7f43cdf377b\","
            + "\"channelId\":\"c1\",\"timestamp\":\"2026-11-25T22:58:13.451262537Z\",\"type\":\"join.success\",\"headers\":{}}";

    private static jakarta.json.JsonObject json(String frame) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(frame))) {
            return reader.readObject();
        }
    }

    @Test
    void aGoSeedClientThatSendsNoSinceGetsTheSeedsFramesWithHistoryOffAndOnlyExtraHeadersWithItOn() throws Exception {
        jakarta.json.JsonObject golden = json(GO_JOIN_SUCCESS);
        start(ServerOptions.defaults());
        RecordingClient seed = fx.connect("c1");
        jakarta.json.JsonObject join = json(seed.next(WAIT));
        assertThat(join.keySet()).containsExactlyInAnyOrderElementsOf(golden.keySet());
        assertThat(join.getJsonObject("headers")).as("history off: exactly the seed's frame").isEmpty();
        assertThat(join.get("body")).isEqualTo(golden.get("body"));
        seed.send("{\"type\":\"chat\",\"body\":\"hi\"}");
        jakarta.json.JsonObject chat = json(seed.next(WAIT));
        assertThat(chat.keySet()).containsExactlyInAnyOrderElementsOf(golden.keySet());
        assertThat(chat.getJsonObject("headers")).isEmpty();
        seed.close();
        fx.close();

        start(history(100, Duration.ofMinutes(5)));
        RecordingClient seedOnStreams = fx.connect("c1");
        jakarta.json.JsonObject streamed = json(seedOnStreams.next(WAIT));
        assertThat(streamed.keySet()).containsExactlyInAnyOrderElementsOf(golden.keySet());
        assertThat(streamed.getJsonObject("headers").keySet()).as("only headers, which Go readers keep as a map")
                .containsExactlyInAnyOrder(ChannelHeaders.CHANNEL_EPOCH, ChannelHeaders.CHANNEL_OFFSET);
        streamed.getJsonObject("headers").values().forEach(v -> assertThat(v.asJsonArray().getString(0)).isNotNull());
        seedOnStreams.close();
    }

    @Test
    void offsetsAreGapFreeAndInDeliveryOrderUnderTwentyConcurrentPublishers() throws Exception {
        start(history(1000, Duration.ofMinutes(5)));
        ServerFixture.Joined watcher = fx.join("busy");
        int publishers = 20;
        int each = 50;
        List<RecordingClient> clients = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            clients.add(fx.join("busy").client());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            RecordingClient c = clients.get(p);
            int publisher = p;
            sending.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        c.send(request("chat", "busy", "\"" + publisher + ":" + i + "\""));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get();
        String epoch = epoch(watcher.joinSuccess());
        int[] nextPerPublisher = new int[publishers];
        for (int expected = 1; expected <= publishers * each; expected++) {
            Message m = nextOfType(watcher.client(), "chat");
            assertThat(offset(m)).as("delivery #%d", expected).isEqualTo(expected);
            assertThat(epoch(m)).isEqualTo(epoch);
            String[] body = m.bind(String.class).split(":");
            int publisher = Integer.parseInt(body[0]);
            assertThat(Integer.parseInt(body[1])).as("publisher %d's order", publisher).isEqualTo(nextPerPublisher[publisher]++);
        }
        // every member saw the same order: check one publisher's view too
        long last = 0;
        for (int i = 0; i < publishers * each; i++) {
            long o = offset(nextOfType(clients.get(7), "chat"));
            assertThat(o).isEqualTo(last + 1);
            last = o;
        }
    }

    @Test
    void recoveryReplaysExactlyTheMissedMessagesWhileAPublisherKeepsSending() throws Exception {
        int total = 1000;
        start(history(total, Duration.ofMinutes(5)));
        ServerFixture.Joined anchor = fx.join("live"); // keeps the channel up while the listener is away
        RecordingClient listener = fx.connect("live");
        String epoch = epoch(message(listener.next()));
        AtomicInteger published = new AtomicInteger();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            while (published.get() < total) {
                fx.server.broadcast("live", Message.create("tick").withBody(published.incrementAndGet()));
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a steady rate, so the rejoin happens mid-stream
            }
        });
        long seen = 0;
        while (seen < 100) {
            seen = offset(nextOfType(listener, "tick"));
        }
        listener.close();
        long lastSeen = seen;
        await().atMost(WAIT).until(() -> published.get() >= lastSeen + 200);
        assertThat(publisher).as("still publishing while the listener rejoins").isNotDone();
        Rejoined rejoined = rejoin("live", lastSeen, epoch, true);
        Message join = rejoined.join();
        assertThat(epoch(join)).isEqualTo(epoch);
        List<Long> after = new ArrayList<>();
        while (after.isEmpty() || after.get(after.size() - 1) < total) {
            Message m = message(rejoined.client().next(WAIT));
            if (m.type().equals("tick")) {
                after.add(offset(m));
            }
        }
        publisher.get();
        List<Long> expected = new ArrayList<>();
        for (long o = lastSeen + 1; o <= total; o++) {
            expected.add(o);
        }
        assertThat(after).as("no gap, no duplicate, in offset order").isEqualTo(expected);
        assertThat(rejoined.client().poll(Duration.ofMillis(200))).as("nothing after the last").isNull();
        rejoined.client().close();
        anchor.client().close();
    }

    @Test
    void messagesPublishedWhileARecoveringMemberReadsTheHistoryArriveOnceInOrder() throws Exception {
        ControllableEngine engine = startOnAControllableEngine();
        ServerFixture.Joined anchor = fx.join("race");
        String epoch = epoch(anchor.joinSuccess());
        for (int i = 1; i <= 10; i++) {
            fx.server.broadcast("race", Message.create("tick").withBody(i));
        }
        // the rejoin below is registered and subscribed when these 5 go out, then reads the history (1..15)
        engine.beforeNextRead(() -> {
            for (int i = 11; i <= 15; i++) {
                fx.server.broadcast("race", Message.create("tick").withBody(i));
            }
        });
        Rejoined rejoined = rejoin("race", 3, epoch, true);
        Message join = rejoined.join();
        assertThat(join.header(ChannelHeaders.CHANNEL_OFFSET)).contains("15");
        fx.server.broadcast("race", Message.create("tick").withBody(16));
        List<Long> got = new ArrayList<>();
        while (got.size() < 13) {
            got.add(offset(nextOfType(rejoined.client(), "tick")));
        }
        assertThat(got).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(rejoined.client().poll(Duration.ofMillis(300))).isNull();
        rejoined.client().close();
    }

    @Test
    void messagesPublishedWhileAPlainMemberReadsTheTopAreNotDoubled() throws Exception {
        ControllableEngine engine = startOnAControllableEngine();
        ServerFixture.Joined anchor = fx.join("race2");
        engine.beforeNextRead(() -> {
            fx.server.broadcast("race2", Message.create("tick").withBody(1));
        });
        RecordingClient late = fx.connect("race2");
        Message join = message(late.next(WAIT));
        assertThat(join.header(ChannelHeaders.CHANNEL_OFFSET)).as("the top includes the racing message").contains("1");
        fx.server.broadcast("race2", Message.create("tick").withBody(2));
        assertThat(offset(nextOfType(late, "tick"))).as("offset 1 is before the top it was told").isEqualTo(2);
    }

    @Test
    void replayOfAThousandMissedMessagesIsMeasured() throws Exception {
        start(history(1000, Duration.ofMinutes(5)));
        ServerFixture.Joined anchor = fx.join("replay");
        String epoch = epoch(anchor.joinSuccess());
        for (int i = 0; i < 1000; i++) {
            fx.server.broadcast("replay", Message.create("tick").withBody(i));
        }
        long started = System.nanoTime();
        Rejoined rejoined = rejoin("replay", 0, epoch, true);
        long last = 0;
        while (last < 1000) {
            long o = offset(message(rejoined.client().next(WAIT)));
            assertThat(o).isEqualTo(last + 1);
            last = o;
        }
        long micros = (System.nanoTime() - started) / 1000;
        LOG.log(Level.INFO, "recovery join with 1000 missed messages: join.success and replay received in {0} ms", micros / 1000.0);
        rejoined.client().close();
    }

    @Test
    void aWrongEpochIsNotRecoveredButGetsWhatTheStreamRetainsFromItsStart() throws Exception {
        start(history(3, Duration.ofMinutes(5)));
        ServerFixture.Joined a = fx.join("e");
        for (int i = 1; i <= 5; i++) {
            fx.server.broadcast("e", Message.create("tick").withBody(i));
        }
        Rejoined wrong = rejoin("e", 0, "not-" + epoch(a.joinSuccess()), false);
        Message join = wrong.join();
        assertThat(join.header(ChannelHeaders.CHANNEL_OFFSET)).contains("5");
        fx.server.broadcast("e", Message.create("tick").withBody(6));
        List<Long> got = new ArrayList<>();
        while (got.size() < 4) {
            got.add(offset(nextOfType(wrong.client(), "tick")));
        }
        assertThat(got).as("the retained 3..5 (1 and 2 are trimmed), then live").containsExactly(3L, 4L, 5L, 6L);
        wrong.client().close();
    }

    /**
     * Issue 22 item 4: a member whose epoch is gone (the engine lost its data, the stream expired or
     * was closed) loses the old epoch's gap, not the new epoch: after {@code join.success} with
     * {@code recovered=false} it gets every message of the new epoch, in offset order, once, including
     * those published while it rejoined (before the server's first and its second read of the stream).
     */
    @Test
    void aMemberOfAnOldEpochGetsEveryMessageOfTheNewEpochOnceInOrder() throws Exception {
        ControllableEngine engine = startOnAControllableEngine();
        ServerFixture.Joined before = fx.join("reborn");
        String oldEpoch = epoch(before.joinSuccess());
        for (int i = 1; i <= 3; i++) {
            fx.server.broadcast("reborn", Message.create("tick").withBody(i));
        }
        assertThat(fx.server.closeChannel("reborn")).isTrue(); // the stream's past is lost: a new epoch
        await().atMost(WAIT).until(() -> !before.client().isOpen());
        ServerFixture.Joined anchor = fx.join("reborn");
        String newEpoch = epoch(anchor.joinSuccess());
        assertThat(newEpoch).isNotEqualTo(oldEpoch);
        for (int i = 1; i <= 5; i++) {
            fx.server.broadcast("reborn", Message.create("tick").withBody("new " + i));
        }
        // while the rejoin below is registered: 2 just before the server reads the stream, 2 more before it reads it again
        engine.beforeNextRead(() -> {
            fx.server.broadcast("reborn", Message.create("tick").withBody("new 6"));
            fx.server.broadcast("reborn", Message.create("tick").withBody("new 7"));
            engine.beforeNextRead(() -> {
                fx.server.broadcast("reborn", Message.create("tick").withBody("new 8"));
                fx.server.broadcast("reborn", Message.create("tick").withBody("new 9"));
            });
        });
        Rejoined bob = rejoin("reborn", 3, oldEpoch, false);
        assertThat(epoch(bob.join())).isEqualTo(newEpoch);
        assertThat(bob.join().header(ChannelHeaders.CHANNEL_OFFSET)).contains("9");
        fx.server.broadcast("reborn", Message.create("tick").withBody("new 10"));
        List<Long> got = new ArrayList<>();
        while (got.size() < 10) {
            Message m = nextOfType(bob.client(), "tick");
            assertThat(epoch(m)).isEqualTo(newEpoch);
            got.add(offset(m));
        }
        assertThat(got).as("the whole new epoch, in offset order, nothing twice")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(bob.client().poll(Duration.ofMillis(300))).as("nothing after the last").isNull();
        bob.client().close();
    }

    @Test
    void historyTrimmedBySizeIsNotRecovered() throws Exception {
        start(history(10, Duration.ofMinutes(5)));
        ServerFixture.Joined a = fx.join("size");
        for (int i = 0; i < 20; i++) {
            fx.server.broadcast("size", Message.create("tick").withBody(i));
        }
        String epoch = epoch(a.joinSuccess());
        Rejoined lost = rejoin("size", 5, epoch, false);
        Rejoined kept = rejoin("size", 10, epoch, true);
        for (long o = 11; o <= 20; o++) {
            assertThat(offset(message(kept.client().next(WAIT)))).isEqualTo(o);
        }
        lost.client().close();
        kept.client().close();
    }

    @Test
    void historyTrimmedByTtlIsNotRecovered() throws Exception {
        start(history(100, Duration.ofSeconds(1)));
        ServerFixture.Joined a = fx.join("ttl");
        fx.server.broadcast("ttl", Message.create("tick").withBody(1));
        fx.server.broadcast("ttl", Message.create("tick").withBody(2));
        String epoch = epoch(a.joinSuccess());
        await().atMost(WAIT).until(() -> fx.server.engine().broker()
                .history("ttl", 0, 100, fx.server.options().streamOptions()).join().publications().isEmpty());
        Rejoined late = rejoin("ttl", 1, epoch, false);
        Message join = late.join();
        assertThat(epoch(join)).as("the stream itself lives on while it has members").isEqualTo(epoch);
        late.client().close();
    }

    @Test
    void withHistoryOffARecoveryJoinIsAnsweredFalse() throws Exception {
        start(ServerOptions.defaults());
        ServerFixture.Joined a = fx.join("off");
        Rejoined asking = rejoin("off", 3, "whatever", false);
        Message join = asking.join();
        assertThat(join.headers()).doesNotContainKeys(ChannelHeaders.CHANNEL_OFFSET, ChannelHeaders.CHANNEL_EPOCH);
        asking.client().close();
        a.client().close();
    }

    @Test
    void aMalformedSinceIsNotRecoveredAndTheJoinStillWorks() throws Exception {
        start(history(100, Duration.ofMinutes(5)));
        RecordingClient odd = RecordingClient.connect(fx.uri("odd") + "?since=yesterday&epoch=x");
        Message join = message(odd.next(WAIT));
        assertThat(join.type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(join.header(ChannelHeaders.CHANNEL_RECOVERED)).contains("false");
        odd.send(request("chat", "odd", "\"still here\""));
        assertThat(offset(nextOfType(odd, "chat"))).isEqualTo(1);
        odd.close();
    }

    @Test
    void theStreamOutlivesItsLastMemberForTheTtlAndIsNewAfterIt() throws Exception {
        start(history(100, Duration.ofSeconds(5)));
        ServerFixture.Joined a = fx.join("outlive");
        String epoch = epoch(a.joinSuccess());
        a.client().send(request("chat", "outlive", "\"1\""));
        a.client().send(request("chat", "outlive", "\"2\""));
        assertThat(offset(nextOfType(a.client(), "chat"))).isEqualTo(1);
        assertThat(offset(nextOfType(a.client(), "chat"))).isEqualTo(2);
        a.client().close();
        await().atMost(WAIT).until(() -> !fx.server.hasChannel("outlive"));
        RecordingClient back = RecordingClient.connect(recoveryUri("outlive", 1, epoch));
        Message join = message(back.next(WAIT));
        assertThat(join.header(ChannelHeaders.CHANNEL_RECOVERED)).as("within the TTL").contains("true");
        assertThat(offset(message(back.next(WAIT)))).isEqualTo(2);
        back.close();
        await().atMost(WAIT).until(() -> !fx.server.hasChannel("outlive"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> !fx.server.engine().broker()
                .position("outlive", fx.server.options().streamOptions()).join().epoch().equals(epoch));
        recoveryFindsANewStream("outlive", 2, epoch);
    }

    @Test
    void aClosedChannelStartsANewEpoch() throws Exception {
        start(history(100, Duration.ofMinutes(5)));
        ServerFixture.Joined a = fx.join("closing");
        String epoch = epoch(a.joinSuccess());
        fx.server.broadcast("closing", Message.create("tick").withBody(1));
        assertThat(fx.server.closeChannel("closing")).isTrue();
        await().atMost(WAIT).until(() -> !a.client().isOpen());
        recoveryFindsANewStream("closing", 1, epoch);
    }

    @Test
    void anExpiredChannelStartsANewEpoch() throws Exception {
        start(history(100, Duration.ofMinutes(5)).toBuilder().channelTimeout(Duration.ofSeconds(1)).build());
        ServerFixture.Joined a = fx.join("expiring");
        String epoch = epoch(a.joinSuccess());
        assertThat(nextOfType(a.client(), MessageTypes.CHANNEL_EXPIRED)).isNotNull();
        await().atMost(WAIT).until(() -> !a.client().isOpen());
        RecordingClient back = RecordingClient.connect(fx.uri("expiring"));
        assertThat(epoch(message(back.next(WAIT)))).isNotEqualTo(epoch);
        back.close();
    }

    /**
     * A client asking to recover {@code channel} from {@code since} of {@code oldEpoch} finds its stream
     * started again: not recovered, another epoch, offset 0.
     */
    private void recoveryFindsANewStream(String channel, long since, String oldEpoch) throws Exception {
        Rejoined back = rejoin(channel, since, oldEpoch, false);
        Message join = back.join();
        assertThat(epoch(join)).isNotEqualTo(oldEpoch);
        assertThat(join.header(ChannelHeaders.CHANNEL_OFFSET)).contains("0");
        back.client().close();
    }

    /** A client that joined asking to recover, and its join.success. */
    private record Rejoined(RecordingClient client, Message join) {
    }

    /**
     * Joins {@code channel} asking to recover from offset {@code since} of {@code epoch}; its join.success
     * says whether the recovery was granted, and that must be {@code recovered}.
     */
    private Rejoined rejoin(String channel, long since, String epoch, boolean recovered) throws Exception {
        RecordingClient client = RecordingClient.connect(recoveryUri(channel, since, epoch));
        Message join = message(client.next(WAIT));
        assertThat(join.header(ChannelHeaders.CHANNEL_RECOVERED)).contains(String.valueOf(recovered));
        return new Rejoined(client, join);
    }
}
