package dev.channels.redis;

import static dev.channels.engine.contract.ChannelEngineContract.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.engine.contract.RecordingListener;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 22 item 3: a publish is stored and delivered once even when it reaches Redis twice (Lettuce
 * re-sends a command that got no answer before a disconnect), and a control message to a node that
 * is cut off from Redis fails to its sender instead of vanishing.
 */
class ExactlyOnceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final StreamOptions STREAM = StreamOptions.of(100, Duration.ofMinutes(5));

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RedisEngine node(String uri, RecordingListener events) {
        RedisEngine engine = RedisEngine.builder().uri(uri).heartbeat(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(10)).maxReconnectDelay(Duration.ofMillis(500)).build();
        open.add(engine);
        engine.start(events);
        return engine;
    }

    private RedisProxy proxy() {
        RedisProxy proxy = RedisProxy.to(REDIS.server().port());
        open.add(proxy);
        return proxy;
    }

    @Test
    void aPublishSentTwiceWithOneIdIsStoredAndDeliveredOnceAndBothGetTheFirstOffset() {
        RecordingListener events = new RecordingListener();
        RedisEngine a = node(REDIS.server().uri(), events);
        RedisEngine b = node(REDIS.server().uri(), new RecordingListener());
        String channel = "once-" + UUID.randomUUID();
        get(a.broker().subscribe(channel));

        StreamPosition first = get(b.broker().publish(channel, "hello", STREAM, "id-1"));
        StreamPosition again = get(b.broker().publish(channel, "hello", STREAM, "id-1")); // the retry: same id
        StreamPosition next = get(b.broker().publish(channel, "world", STREAM, "id-2"));
        StreamPosition copy = get(b.broker().publish(channel, "hello, again", STREAM, "id-1")); // same id, other data

        assertThat(again).isEqualTo(first);
        assertThat(next.offset()).isEqualTo(first.offset() + 1);
        assertThat(copy.offset()).as("another publication").isEqualTo(first.offset() + 2);
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= 3);
        assertThat(events.publications(channel)).extracting(Publication::data).containsExactly("hello", "world", "hello, again");
        assertThat(get(a.broker().history(channel, 0, 10, STREAM)).publications()).extracting(Publication::data)
                .containsExactly("hello", "world", "hello, again");
    }

    /**
     * The real thing: the publish reaches Redis, which runs it, but its answer never comes back and the
     * connection drops. The engine rejects commands while disconnected, so Lettuce does not send it
     * again: the caller is told the engine was unavailable (a 503 to a client) without knowing whether
     * it was stored, and sends it again, with the same id, once the engine is back: one offset, one
     * delivery. (Were Lettuce to re-send it by itself, the script would answer the same way.)
     */
    @Test
    void aPublishWhoseAnswerWasLostInADisconnectAndThatIsSentAgainIsStoredAndDeliveredOnce() throws Exception {
        RecordingListener events = new RecordingListener();
        RedisEngine member = node(REDIS.server().uri(), events);
        RedisProxy relay = proxy();
        RedisEngine publisher = node(relay.uri(), new RecordingListener());
        String channel = "once-retry-" + UUID.randomUUID();
        get(member.broker().subscribe(channel));
        StreamPosition before = get(publisher.broker().publish(channel, "before", STREAM, "m-1"));

        relay.muteAll(); // Redis runs what it gets, its answers go nowhere
        CompletableFuture<StreamPosition> unanswered = publisher.broker().publish(channel, "once", STREAM, "m-2");
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= 2); // Redis ran it
        assertThat(unanswered).isNotDone();
        relay.cut(); // the connection drops with the command unanswered
        assertThat(unanswered).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(EngineUnavailableException.class);
        relay.heal();
        await().atMost(WAIT).until(publisher::isAvailable);

        StreamPosition retried = get(publisher.broker().publish(channel, "once", STREAM, "m-2")); // the caller's retry
        StreamPosition after = get(publisher.broker().publish(channel, "after", STREAM, "m-3"));

        assertThat(retried.offset()).as("the offset of the first store").isEqualTo(before.offset() + 1);
        assertThat(after.offset()).isEqualTo(before.offset() + 2);
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= 3);
        assertThat(events.publications(channel)).extracting(Publication::data).containsExactly("before", "once", "after");
        assertThat(get(member.broker().history(channel, 0, 10, STREAM)).publications()).extracting(Publication::data)
                .containsExactly("before", "once", "after");
    }

    @Test
    void aControlMessageToANodeCutOffFromRedisFailsToItsSender() {
        RedisEngine a = node(REDIS.server().uri(), new RecordingListener());
        RedisProxy relay = proxy();
        RecordingListener eventsB = new RecordingListener();
        RedisEngine b = node(relay.uri(), eventsB);
        get(a.broker().sendControl(b.nodeId(), "{\"op\":\"hello\"}"));
        await().atMost(WAIT).until(() -> eventsB.controls.contains("{\"op\":\"hello\"}"));

        relay.cut(); // B is cut off: Redis drops its subscription at once
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.broker().sendControl(b.nodeId(), "{\"op\":\"lost?\"}"))
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(EngineUnavailableException.class));

        relay.heal();
        await().atMost(WAIT).until(b::isAvailable);
        get(a.broker().sendControl(b.nodeId(), "{\"op\":\"back\"}"));
        await().atMost(WAIT).until(() -> eventsB.controls.contains("{\"op\":\"back\"}"));
        assertThat(eventsB.controls).doesNotContain("{\"op\":\"lost?\"}");
    }
}
