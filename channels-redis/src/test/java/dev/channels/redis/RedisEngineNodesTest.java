package dev.channels.redis;

import static dev.channels.engine.contract.ChannelEngineContract.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.engine.contract.RecordingListener;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;
import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a cluster engine on a real Redis shows: nodes sharing one Redis, and Redis dying under
 * them (kill -9) and coming back, with and without its data. Each test has its own redis-server.
 */
class RedisEngineNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final StreamOptions STREAM = StreamOptions.of(5_000, Duration.ofMinutes(5));

    private RedisServerProcess redis;
    private final List<RedisEngine> engines = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stop() {
        engines.forEach(RedisEngine::close);
        redis.close();
    }

    private RedisEngine node(RecordingListener events) {
        RedisEngine engine = RedisEngine.builder().uri(redis.uri()).heartbeat(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(5)).maxReconnectDelay(Duration.ofSeconds(1)).build();
        engines.add(engine);
        engine.start(events);
        return engine;
    }

    @Test
    void twoNodesSeeAThousandPublicationsFromTwoPublishersInOneOffsetOrderWithNoneLost() {
        RecordingListener eventsA = new RecordingListener();
        RecordingListener eventsB = new RecordingListener();
        RedisEngine a = node(eventsA);
        RedisEngine b = node(eventsB);
        String channel = "room-" + UUID.randomUUID();
        get(a.broker().subscribe(channel));
        get(b.broker().subscribe(channel));

        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> publish(a, channel, "a", 500));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> publish(b, channel, "b", 500));
        get(CompletableFuture.allOf(fromA, fromB));

        await().atMost(WAIT).until(() -> eventsA.publications(channel).size() >= 1000 && eventsB.publications(channel).size() >= 1000);
        List<Publication> seenByA = eventsA.publications(channel);
        List<Publication> seenByB = eventsB.publications(channel);
        assertThat(seenByA).hasSize(1000).isEqualTo(seenByB);
        assertThat(seenByA).extracting(Publication::offset)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        for (String publisher : List.of("a", "b")) {
            assertThat(seenByA.stream().map(Publication::data).filter(d -> d.startsWith(publisher + ":")).toList())
                    .as("%s's publications in the order it made them", publisher)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(i -> publisher + ":" + i).toList());
        }
        assertThat(eventsA.losses).isEmpty();
        assertThat(eventsB.losses).isEmpty();
    }

    @Test
    void killingRedisMidStreamIsReportedPublishesFailAsUnavailableAndDeliveryResumesByItself() throws Exception {
        RecordingListener events = new RecordingListener();
        RedisEngine engine = node(events);
        String channel = "room-" + UUID.randomUUID();
        get(engine.broker().subscribe(channel));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger accepted = new AtomicInteger();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    engine.broker().publish(channel, "m" + i, STREAM).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    accepted.incrementAndGet();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof EngineUnavailableException)) {
                        throw new AssertionError("a publish failed with something else than unavailable", e);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= 50);

        redis.kill();
        await().atMost(WAIT).until(() -> !events.losses.isEmpty());
        assertThat(engine.isAvailable()).isFalse();
        long before = System.nanoTime();
        assertThatThrownBy(() -> engine.broker().publish(channel, "during the outage", STREAM).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EngineUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("fails promptly, no hang").isLessThan(Duration.ofSeconds(10));

        int acceptedBeforeRestart = accepted.get();
        String oldEpoch = events.publications(channel).get(0).position().epoch();
        redis.restart(false); // a Redis without persistence comes back empty
        await().atMost(WAIT).until(() -> !events.restorations.isEmpty() && engine.isAvailable());
        assertThat(events.restorations).containsExactly(true); // data lost: streams start over
        int seen = events.publications(channel).size();
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= seen + 50);
        stop.set(true);
        get(publisher);
        assertThat(accepted.get()).isGreaterThan(acceptedBeforeRestart);
        assertThat(events.losses).hasSize(1);
        // after the recovery: a new epoch, counted from 1 again, every offset following the one before it
        List<Publication> all = events.publications(channel);
        List<Publication> after = all.stream().filter(p -> !p.position().epoch().equals(oldEpoch)).toList();
        assertThat(after.size()).isGreaterThanOrEqualTo(50);
        assertThat(after.get(0).offset()).isEqualTo(1);
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i).offset()).isEqualTo(after.get(i - 1).offset() + 1);
        }
    }

    @Test
    void aRedisRestartedEmptyGivesEveryStreamANewEpoch() {
        RecordingListener events = new RecordingListener();
        RedisEngine engine = node(events);
        String channel = "room-" + UUID.randomUUID();
        StreamPosition before = get(engine.broker().publish(channel, "before", STREAM));
        redis.kill();
        redis.restart(false);
        await().atMost(WAIT).until(() -> events.restorations.contains(true) && engine.isAvailable());
        StreamPosition after = get(engine.broker().position(channel, STREAM));
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
        assertThat(after.offset()).isZero();
        assertThat(get(engine.broker().history(channel, 0, 100, STREAM)).completeSince(before.offset()))
                .as("a client that saw offset 1 of the old epoch cannot recover").isFalse();
    }

    @Test
    void aRedisRestartedWithItsDataKeepsTheEpochAndTheOffsets() {
        RecordingListener events = new RecordingListener();
        RedisEngine engine = node(events);
        String channel = "room-" + UUID.randomUUID();
        get(engine.broker().subscribe(channel));
        StreamPosition before = get(engine.broker().publish(channel, "before", STREAM));
        redis.save();
        redis.kill();
        await().atMost(WAIT).until(() -> !events.losses.isEmpty());
        redis.restart(true);
        await().atMost(WAIT).until(() -> !events.restorations.isEmpty() && engine.isAvailable());
        assertThat(events.restorations).containsExactly(false);
        StreamPosition next = get(engine.broker().publish(channel, "after", STREAM));
        assertThat(next).isEqualTo(new StreamPosition(before.offset() + 1, before.epoch()));
        await().atMost(WAIT).until(() -> events.publications(channel).size() == 2); // resubscribed by itself
        assertThat(events.publications(channel)).extracting(Publication::data).containsExactly("before", "after");
    }

    @Test
    void aPublicationThatSkipsOffsetsMakesTheNodeReadTheMissedOnesFromTheStreamFirst() {
        RecordingListener events = new RecordingListener();
        RedisEngine engine = node(events);
        String channel = "room-" + UUID.randomUUID();
        get(engine.broker().subscribe(channel));
        StreamPosition first = get(engine.broker().publish(channel, "one", STREAM));
        await().atMost(WAIT).until(() -> events.publications(channel).size() == 1);
        // what a node sees when Pub/Sub lost offsets 2 and 3: they are in the stream, offset 4 arrives next
        for (String[] entry : new String[][] {{"2", "two"}, {"3", "three"}, {"4", "four"}}) {
            assertThat(redis.command("XADD", "channels:stream." + channel, entry[0] + "-0", "d", entry[1], "t", "0")).isEqualTo(entry[0] + "-0");
        }
        redis.command("HSET", "channels:meta." + channel, "s", "4");
        redis.command("PUBLISH", "channels:pub." + channel, "4:" + first.epoch() + ":four");
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= 4);
        assertThat(events.publications(channel)).extracting(Publication::data).containsExactly("one", "two", "three", "four");
        assertThat(events.publications(channel)).extracting(Publication::offset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.losses).isEmpty();
        assertThat(engine.isAvailable()).isTrue();
        StreamPosition fifth = get(engine.broker().publish(channel, "five", STREAM));
        assertThat(fifth.offset()).isEqualTo(5);
        await().atMost(WAIT).until(() -> events.publications(channel).size() == 5);
    }

    @Test
    void aNodeCutOffFromRedisGetsWhatOthersPublishedMeanwhileFromTheStreamThenReportsItsPosition() {
        RecordingListener events = new RecordingListener();
        try (RedisProxy proxy = RedisProxy.to(redis.port())) {
            RedisEngine cutOff = RedisEngine.builder().uri(proxy.uri()).heartbeat(Duration.ofSeconds(1))
                    .maxReconnectDelay(Duration.ofSeconds(1)).build();
            engines.add(cutOff);
            cutOff.start(events);
            RedisEngine other = node(new RecordingListener());
            String channel = "room-" + UUID.randomUUID();
            get(cutOff.broker().subscribe(channel));
            get(other.broker().publish(channel, "one", STREAM));
            await().atMost(WAIT).until(() -> events.publications(channel).size() == 1);

            proxy.cut(); // a network partition: Redis and the other node go on
            await().atMost(WAIT).until(() -> !cutOff.isAvailable());
            get(other.broker().publish(channel, "two", STREAM));
            StreamPosition third = get(other.broker().publish(channel, "three", STREAM));
            assertThat(events.publications(channel)).hasSize(1);
            proxy.heal();

            await().atMost(WAIT).until(() -> !events.resumptions.isEmpty());
            assertThat(events.restorations).containsExactly(false);
            assertThat(events.publications(channel)).extracting(Publication::data).containsExactly("one", "two", "three");
            assertThat(events.resumptions).containsExactly(channel + "@3:" + third.epoch());
            get(other.broker().publish(channel, "four", STREAM));
            await().atMost(WAIT).until(() -> events.publications(channel).size() == 4);
            assertThat(events.publications(channel)).extracting(Publication::offset).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aNodeThatStopsRefreshingDisappearsFromPresenceWithinItsTtl() {
        RedisEngine a = node(new RecordingListener());
        RedisEngine b = node(new RecordingListener());
        String channel = "room-" + UUID.randomUUID();
        Duration ttl = Duration.ofSeconds(3);
        PresenceInfo onA = new PresenceInfo("a-" + UUID.randomUUID(), channel, "alice", Instant.now(), a.nodeId());
        PresenceInfo onB = new PresenceInfo("b-" + UUID.randomUUID(), channel, "bob", Instant.now(), b.nodeId());
        get(a.presence().add(onA, Duration.ofMinutes(5)));
        get(b.presence().add(onB, ttl));
        assertThat(get(a.presence().list(channel))).containsExactly(onA, onB);
        assertThat(get(a.presence().find(onB.clientId()))).contains(onB);
        b.close(); // the node dies without removing its member, so nothing refreshes it
        long gone = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> get(a.presence().list(channel)).equals(List.of(onA)));
        assertThat(Duration.ofNanos(System.nanoTime() - gone)).isLessThan(ttl.plusSeconds(5));
        assertThat(get(a.presence().count(channel))).isEqualTo(1);
        assertThat(get(a.presence().find(onB.clientId()))).isEmpty();
    }

    @Test
    void controlMessagesReachTheNamedNodeOnlyAndAllNodesWhenSentToAll() {
        RecordingListener eventsA = new RecordingListener();
        RecordingListener eventsB = new RecordingListener();
        RedisEngine a = node(eventsA);
        RedisEngine b = node(eventsB);
        for (int i = 0; i < 100; i++) {
            get(a.broker().sendControl(i % 10 == 0 ? null : b.nodeId(), "c" + i));
        }
        await().atMost(WAIT).until(() -> eventsB.controls.size() == 100 && eventsA.controls.size() == 10);
        assertThat(eventsB.controls).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "c" + i).toList());
        assertThat(eventsA.controls).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).filter(i -> i % 10 == 0).mapToObj(i -> "c" + i).toList());
    }

    @Test
    void redisUnreachableAtStartIsUnavailable() {
        redis.kill();
        RedisEngine engine = RedisEngine.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> engine.start(new RecordingListener())).isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining(redis.uri());
        assertThat(engine.isAvailable()).isFalse();
        redis.restart(false); // for stop()
    }

    /**
     * The engine holds no lock of its own while the listener runs (issue 20 case 3): a listener still
     * busy in {@code onConnectionRestored} (on the heartbeat thread) does not keep another thread's
     * {@code close} waiting; before, the restored notice ran under the engine's state lock, which
     * {@code close} takes too. Then the next loss is reported, after the restoration, in order.
     */
    @Test
    void aListenerStillInOnConnectionRestoredHoldsUpNeitherCloseNorTheNextLoss() throws Exception {
        CountDownLatch inRestored = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingListener events = new RecordingListener() {
            @Override
            public void onConnectionLost(Throwable cause) {
                order.add("lost");
                super.onConnectionLost(cause);
            }

            @Override
            public void onConnectionRestored(boolean dataLost) {
                order.add("restored");
                super.onConnectionRestored(dataLost);
                inRestored.countDown();
                try {
                    release.await(WAIT.toSeconds() * 3, TimeUnit.SECONDS); // longer than the test waits: released in its finally
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // close() stops the heartbeat thread
                }
            }
        };
        RedisEngine engine = node(events);
        try {
            redis.kill();
            await().atMost(WAIT).until(() -> !events.losses.isEmpty());
            redis.restart(false);
            assertThat(inRestored.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("restored").isTrue();

            redis.kill(); // lost again while the listener is still in onConnectionRestored
            await("the engine notes the loss while the listener is in onConnectionRestored")
                    .atMost(WAIT).until(() -> !engine.isAvailable());
            CompletableFuture<Void> closing = CompletableFuture.runAsync(engine::close);
            await("close returns while the listener is in onConnectionRestored").atMost(WAIT).until(closing::isDone);
            get(closing);
        } finally {
            release.countDown();
        }
        await().atMost(WAIT).until(() -> order.size() == 3);
        assertThat(order).containsExactly("lost", "restored", "lost");
    }

    private static void publish(RedisEngine engine, String channel, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            get(engine.broker().publish(channel, prefix + ":" + i, STREAM));
        }
    }
}
