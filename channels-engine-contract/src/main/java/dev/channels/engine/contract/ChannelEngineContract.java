package dev.channels.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.History;
import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.PresencePage;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ChannelEngine} passes. An engine's test class extends this one and says
 * how to make an engine ({@link #newEngine()}) and, for a cluster engine, a second node sharing its
 * store ({@link #newPeerEngine()}); the tests that need a peer are skipped without one. Shipped as
 * the main code of {@code channels-engine-contract} (use it with {@code <scope>test</scope>}) so other
 * modules' engines run the same class.
 *
 * <p>Each test uses fresh channel ids, so engines with a shared store need no cleanup between tests.
 * Waits use Awaitility with generous bounds: delivery of a cluster engine is asynchronous.
 *
 * @since 0.1.0
 */
public abstract class ChannelEngineContract {

    /** How long a test waits for something asynchronous. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    private final List<ChannelEngine> engines = new ArrayList<>();
    /** The engine under test, started with {@link #events}. */
    protected ChannelEngine engine;
    /** What {@link #engine} reported. */
    protected RecordingListener events;

    /** A new, unstarted engine (one node). */
    protected abstract ChannelEngine newEngine();

    /** A new, unstarted engine of another node sharing {@link #newEngine()}'s store; by default: none (peer tests skipped). */
    protected ChannelEngine newPeerEngine() {
        return null;
    }

    @BeforeEach
    void startEngine() {
        events = new RecordingListener();
        engine = started(newEngine(), events);
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(ChannelEngine::close);
    }

    /** Starts {@code e} with {@code listener} and closes it after the test. */
    protected ChannelEngine started(ChannelEngine e, EngineListener listener) {
        engines.add(e);
        e.start(listener);
        return e;
    }

    /** A channel id no other test uses. */
    protected static String freshChannel() {
        return "contract-" + UUID.randomUUID();
    }

    /** The result of {@code future} within {@link #WAIT}; a failure or a timeout fails the test. */
    public static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("engine call failed", e);
        }
    }

    private static final StreamOptions STREAM = StreamOptions.of(100, Duration.ofMinutes(5));

    // ------------------------------------------------------------------------------ engine

    @Test
    void aStartedEngineIsAvailableAndHasANodeId() {
        assertThat(engine.isAvailable()).isTrue();
        assertThat(engine.nodeId()).isNotBlank();
    }

    @Test
    void startingTwiceIsRefused() {
        assertThatThrownBy(() -> engine.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedEngineFailsEveryCallAsUnavailable() {
        engine.close();
        assertThat(engine.isAvailable()).isFalse();
        List<CompletableFuture<?>> calls = List.of(
                engine.broker().publish(freshChannel(), "x", STREAM),
                engine.broker().subscribe(freshChannel()),
                engine.broker().history(freshChannel(), 0, 10, STREAM),
                engine.presence().list(freshChannel()));
        for (CompletableFuture<?> call : calls) {
            assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(EngineUnavailableException.class);
        }
        engine.close(); // idempotent
    }

    // ------------------------------------------------------------------------------ streams

    @Test
    void offsetsAreGapFreeAndDeliveredInOffsetOrderUnderTwentyConcurrentPublishers() throws Exception {
        String channel = freshChannel();
        get(engine.broker().subscribe(channel));
        int publishers = 20;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        Set<Long> returned = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    returned.add(get(engine.broker().publish(channel, publisher + ":" + i, StreamOptions.of(2000, Duration.ofMinutes(5)))).offset());
                }
            }, pool));
        }
        go.countDown();
        get(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
        pool.shutdown();
        int total = publishers * each;
        assertThat(returned).hasSize(total).allMatch(o -> o >= 1 && o <= total);
        await().atMost(WAIT).until(() -> events.publications(channel).size() == total);
        List<Publication> got = events.publications(channel);
        for (int i = 0; i < total; i++) {
            assertThat(got.get(i).offset()).as("delivery #%d", i).isEqualTo(i + 1);
        }
        assertThat(got).extracting(p -> p.position().epoch()).containsOnly(got.get(0).position().epoch());
        assertThat(events.losses).as("a connected engine reports no loss under load").isEmpty();
        assertThat(events.resumptions).as("nor a resumed channel (that follows a lost connection only)").isEmpty();
        // every publisher's own messages arrive in the order it published them
        for (int p = 0; p < publishers; p++) {
            String prefix = p + ":";
            List<String> own = got.stream().map(Publication::data).filter(d -> d.startsWith(prefix)).toList();
            assertThat(own).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(own.get(i)).isEqualTo(prefix + i);
            }
        }
    }

    @Test
    void aNewStreamStartsAtOffsetZeroWithAnEpochAndPublicationsCountUpFromOne() {
        String channel = freshChannel();
        StreamPosition start = get(engine.broker().position(channel, STREAM));
        assertThat(start.offset()).isZero();
        assertThat(start.epoch()).isNotEmpty();
        StreamPosition first = get(engine.broker().publish(channel, "a", STREAM));
        StreamPosition second = get(engine.broker().publish(channel, "b", STREAM));
        assertThat(first).isEqualTo(new StreamPosition(1, start.epoch()));
        assertThat(second).isEqualTo(new StreamPosition(2, start.epoch()));
        assertThat(get(engine.broker().position(channel, STREAM))).isEqualTo(second);
    }

    @Test
    void historySinceAnOffsetReturnsTheRetainedPublicationsAfterItOldestFirstUpToTheLimit() {
        String channel = freshChannel();
        for (int i = 1; i <= 10; i++) {
            get(engine.broker().publish(channel, "m" + i, STREAM));
        }
        History since4 = get(engine.broker().history(channel, 4, 100, STREAM));
        assertThat(since4.top().offset()).isEqualTo(10);
        assertThat(since4.publications()).extracting(Publication::data).containsExactly("m5", "m6", "m7", "m8", "m9", "m10");
        assertThat(since4.publications()).extracting(Publication::offset).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(since4.completeSince(4)).isTrue();
        History limited = get(engine.broker().history(channel, 4, 2, STREAM));
        assertThat(limited.publications()).extracting(Publication::data).containsExactly("m5", "m6");
        assertThat(limited.completeSince(4)).isFalse();
        History atTop = get(engine.broker().history(channel, 10, 100, STREAM));
        assertThat(atTop.publications()).isEmpty();
        assertThat(atTop.completeSince(10)).isTrue();
        assertThat(get(engine.broker().history(channel, 11, 100, STREAM)).completeSince(11)).isFalse();
    }

    @Test
    void historyBeforeAnOffsetReturnsTheNewestRetainedPublicationsBelowItUpToTheLimitOldestFirst() {
        String channel = freshChannel();
        for (int i = 1; i <= 10; i++) {
            get(engine.broker().publish(channel, "m" + i, STREAM));
        }
        History newest = get(engine.broker().historyBefore(channel, 0, 3, STREAM));
        assertThat(newest.top().offset()).isEqualTo(10);
        assertThat(newest.publications()).extracting(Publication::data).containsExactly("m8", "m9", "m10");
        assertThat(newest.publications()).extracting(Publication::offset).containsExactly(8L, 9L, 10L);
        History older = get(engine.broker().historyBefore(channel, 8, 3, STREAM));
        assertThat(older.publications()).extracting(Publication::offset).containsExactly(5L, 6L, 7L);
        assertThat(older.top()).isEqualTo(newest.top());
        assertThat(get(engine.broker().historyBefore(channel, 3, 100, STREAM)).publications())
                .extracting(Publication::offset).containsExactly(1L, 2L);
        assertThat(get(engine.broker().historyBefore(channel, 1, 100, STREAM)).publications()).isEmpty();
        assertThat(get(engine.broker().historyBefore(channel, 0, 0, STREAM)).publications()).isEmpty();
        assertThat(get(engine.broker().historyBefore(channel, 50, 2, STREAM)).publications())
                .as("before above the top: the newest").extracting(Publication::offset).containsExactly(9L, 10L);
        StreamOptions three = StreamOptions.of(3, Duration.ofMinutes(5));
        String trimmed = freshChannel();
        for (int i = 1; i <= 10; i++) {
            get(engine.broker().publish(trimmed, "m" + i, three));
        }
        assertThat(get(engine.broker().historyBefore(trimmed, 0, 100, three)).publications())
                .as("only what is retained").extracting(Publication::offset).containsExactly(8L, 9L, 10L);
        StreamPosition fresh = get(engine.broker().historyBefore(freshChannel(), 0, 10, STREAM)).top();
        assertThat(fresh.offset()).as("a new stream, as history() makes one").isZero();
        assertThat(fresh.epoch()).isNotEmpty();
        assertThat(get(engine.broker().historyBefore(freshChannel(), 0, 10, StreamOptions.OFF)).top())
                .isEqualTo(StreamPosition.NONE);
    }

    @Test
    void historyKeepsOnlyTheLastHistorySizePublications() {
        String channel = freshChannel();
        StreamOptions three = StreamOptions.of(3, Duration.ofMinutes(5));
        for (int i = 1; i <= 10; i++) {
            get(engine.broker().publish(channel, "m" + i, three));
        }
        History all = get(engine.broker().history(channel, 0, 100, three));
        assertThat(all.publications()).extracting(Publication::offset).containsExactly(8L, 9L, 10L);
        assertThat(all.completeSince(7)).isTrue();
        assertThat(all.completeSince(6)).as("offset 7 was trimmed").isFalse();
    }

    @Test
    void retainedPublicationsLapseAfterTheTtlWhileTheSubscribedStreamKeepsItsEpoch() {
        String channel = freshChannel();
        StreamOptions shortTtl = StreamOptions.of(100, Duration.ofSeconds(1));
        get(engine.broker().subscribe(channel));
        StreamPosition first = get(engine.broker().publish(channel, "old", shortTtl));
        await().atMost(WAIT).until(() -> get(engine.broker().history(channel, 0, 100, shortTtl)).publications().isEmpty());
        History after = get(engine.broker().history(channel, 0, 100, shortTtl));
        assertThat(after.top()).isEqualTo(first);
        assertThat(after.completeSince(0)).isFalse();
        assertThat(after.completeSince(1)).isTrue();
    }

    @Test
    void aStreamOutlivesItsLastSubscriberForTheTtlAndIsNewAfterIt() {
        String channel = freshChannel();
        StreamOptions ttl = StreamOptions.of(100, Duration.ofSeconds(2));
        get(engine.broker().subscribe(channel));
        StreamPosition published = get(engine.broker().publish(channel, "kept", ttl));
        get(engine.broker().unsubscribe(channel));
        History soon = get(engine.broker().history(channel, 0, 100, ttl));
        assertThat(soon.top()).isEqualTo(published);
        assertThat(soon.publications()).extracting(Publication::data).containsExactly("kept");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !engine.broker().position(channel, ttl).join().epoch().equals(published.epoch()));
        StreamPosition renewed = get(engine.broker().position(channel, ttl));
        assertThat(renewed.offset()).isZero();
        assertThat(get(engine.broker().history(channel, 0, 100, ttl)).publications()).isEmpty();
    }

    @Test
    void removingAStreamStartsANewEpochAtOffsetZero() {
        String channel = freshChannel();
        StreamPosition published = get(engine.broker().publish(channel, "a", STREAM));
        get(engine.broker().removeStream(channel));
        StreamPosition renewed = get(engine.broker().position(channel, STREAM));
        assertThat(renewed.epoch()).isNotEqualTo(published.epoch());
        assertThat(renewed.offset()).isZero();
        assertThat(get(engine.broker().publish(channel, "b", STREAM)).offset()).isEqualTo(1);
    }

    @Test
    void withoutAStreamPublicationsAreDeliveredButNeitherNumberedNorStored() {
        String channel = freshChannel();
        get(engine.broker().subscribe(channel));
        StreamPosition position = get(engine.broker().publish(channel, "plain", StreamOptions.OFF));
        assertThat(position).isEqualTo(StreamPosition.NONE);
        await().atMost(WAIT).until(() -> events.publications(channel).size() == 1);
        assertThat(events.publications(channel).get(0).position()).isEqualTo(StreamPosition.NONE);
        assertThat(get(engine.broker().history(channel, 0, 100, STREAM)).publications()).isEmpty();
    }

    @Test
    void aPublicationWithoutAStreamLeavesTheStreamOfItsChannelAlone() {
        String channel = freshChannel();
        StreamPosition first = get(engine.broker().publish(channel, "a", STREAM));
        get(engine.broker().publish(channel, "presence", StreamOptions.OFF));
        assertThat(get(engine.broker().publish(channel, "b", STREAM))).isEqualTo(new StreamPosition(2, first.epoch()));
    }

    @Test
    void subscriptionsAreCountedAndDeliveryStopsAfterTheLastUnsubscribe() {
        String channel = freshChannel();
        get(engine.broker().subscribe(channel));
        get(engine.broker().subscribe(channel));
        get(engine.broker().unsubscribe(channel));
        get(engine.broker().publish(channel, "still", STREAM));
        await().atMost(WAIT).until(() -> events.publications(channel).size() == 1);
        get(engine.broker().unsubscribe(channel));
        get(engine.broker().publish(channel, "gone", STREAM));
        String marker = freshChannel(); // a later publication elsewhere proves the engine had time to deliver
        get(engine.broker().subscribe(marker));
        get(engine.broker().publish(marker, "marker", STREAM));
        await().atMost(WAIT).until(() -> events.publications(marker).size() == 1);
        assertThat(events.publications(channel)).extracting(Publication::data).containsExactly("still");
    }

    @Test
    void subscribingThenReadingHistoryMissesNothingWhileAPublisherKeepsPublishing() {
        String channel = freshChannel();
        StreamOptions big = StreamOptions.of(100_000, Duration.ofMinutes(5));
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int i = 0; !stop.get() && i < 50_000; i++) {
                get(engine.broker().publish(channel, "m" + i, big));
            }
        });
        await().atMost(WAIT).until(() -> get(engine.broker().position(channel, big)).offset() >= 50);
        long since = get(engine.broker().position(channel, big)).offset() - 10;
        get(engine.broker().subscribe(channel));
        History history = get(engine.broker().history(channel, since, 100_000, big));
        await().atMost(WAIT).until(() -> events.publications(channel).size() >= 20 || publisher.isDone());
        stop.set(true);
        get(publisher);
        long top = get(engine.broker().position(channel, big)).offset();
        await().atMost(WAIT).until(() -> lastOffset(events.publications(channel)) == top || history.top().offset() == top);
        Set<Long> seen = new java.util.TreeSet<>();
        history.publications().forEach(p -> seen.add(p.offset()));
        events.publications(channel).forEach(p -> seen.add(p.offset()));
        for (long o = since + 1; o <= top; o++) {
            assertThat(seen).as("offset %d: replayed or live", o).contains(o);
        }
    }

    private static long lastOffset(List<Publication> publications) {
        return publications.isEmpty() ? -1 : publications.get(publications.size() - 1).offset();
    }

    // ------------------------------------------------------------------------------ presence

    @Test
    void presenceListsMembersInJoinOrderAndForgetsRemovedOnes() {
        String channel = freshChannel();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PresenceInfo a = new PresenceInfo("a-" + UUID.randomUUID(), channel, "alice", now, engine.nodeId());
        PresenceInfo b = new PresenceInfo("b-" + UUID.randomUUID(), channel, "", now.plusMillis(1), engine.nodeId());
        get(engine.presence().add(a, Duration.ofMinutes(1)));
        get(engine.presence().add(b, Duration.ofMinutes(1)));
        get(engine.presence().add(a, Duration.ofMinutes(1))); // a refresh keeps its place
        assertThat(get(engine.presence().list(channel))).containsExactly(a, b);
        assertThat(get(engine.presence().count(channel))).isEqualTo(2);
        assertThat(get(engine.presence().find(b.clientId()))).contains(b);
        get(engine.presence().remove(channel, a.clientId()));
        get(engine.presence().remove(channel, "nobody"));
        assertThat(get(engine.presence().list(channel))).containsExactly(b);
        assertThat(get(engine.presence().find(a.clientId()))).isEmpty();
        assertThat(get(engine.presence().list(freshChannel()))).isEmpty();
        assertThat(get(engine.presence().count(freshChannel()))).isZero();
    }

    @Test
    void presencePagesWalkEveryMemberOnceInJoinOrderWithTheWholeCount() {
        String channel = freshChannel();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<PresenceInfo> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            PresenceInfo p = new PresenceInfo("p" + i + "-" + UUID.randomUUID(), channel, "", now.plusMillis(i), engine.nodeId());
            get(engine.presence().add(p, Duration.ofMinutes(1)));
            all.add(p);
        }
        List<PresenceInfo> walked = new ArrayList<>();
        PresencePage page = get(engine.presence().page(channel, "", 3));
        walked.addAll(page.members());
        int pages = 1;
        while (page.hasNext()) {
            assertThat(page.members()).hasSize(3);
            assertThat(page.count()).isEqualTo(7);
            page = get(engine.presence().page(channel, page.next(), 3));
            walked.addAll(page.members());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(walked).containsExactlyElementsOf(all);
        PresencePage none = get(engine.presence().page(freshChannel(), "", 3));
        assertThat(none.members()).isEmpty();
        assertThat(none.count()).isZero();
        assertThat(none.hasNext()).isFalse();
    }

    @Test
    void aPresenceWalkSeesEveryMemberThatStaysExactlyOnceWhileOthersLeaveAndJoin() {
        String channel = freshChannel();
        List<PresenceInfo> all = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            PresenceInfo p = new PresenceInfo("w" + i + "-" + UUID.randomUUID(), channel, "", Instant.now(), engine.nodeId());
            get(engine.presence().add(p, Duration.ofMinutes(1)));
            all.add(p);
        }
        PresencePage first = get(engine.presence().page(channel, "", 3));
        assertThat(first.members()).containsExactlyElementsOf(all.subList(0, 3));
        // the page's last member and one before it leave, one member after the cursor leaves, and one joins
        get(engine.presence().remove(channel, all.get(1).clientId()));
        get(engine.presence().remove(channel, all.get(2).clientId()));
        get(engine.presence().remove(channel, all.get(4).clientId()));
        PresenceInfo late = new PresenceInfo("late-" + UUID.randomUUID(), channel, "", Instant.now(), engine.nodeId());
        get(engine.presence().add(late, Duration.ofMinutes(1)));
        List<PresenceInfo> walked = new ArrayList<>(first.members());
        PresencePage page = first;
        while (page.hasNext()) {
            page = get(engine.presence().page(channel, page.next(), 3));
            assertThat(page.count()).isEqualTo(7);
            walked.addAll(page.members());
        }
        List<PresenceInfo> stayed = new ArrayList<>(all);
        stayed.removeAll(List.of(all.get(1), all.get(2), all.get(4)));
        stayed.add(late);
        assertThat(walked).as("each member that stayed exactly once, in join order")
                .containsSubsequence(stayed).doesNotHaveDuplicates().doesNotContain(all.get(4));
        assertThatThrownBy(() -> get(engine.presence().page(channel, "not a cursor", 3)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPresenceEntryThatIsNotRefreshedLapsesAfterItsTtl() {
        String channel = freshChannel();
        PresenceInfo lapsing = new PresenceInfo("l-" + UUID.randomUUID(), channel, "", Instant.now(), engine.nodeId());
        PresenceInfo kept = new PresenceInfo("k-" + UUID.randomUUID(), channel, "", Instant.now(), engine.nodeId());
        get(engine.presence().add(lapsing, Duration.ofSeconds(1)));
        get(engine.presence().add(kept, Duration.ofMinutes(1)));
        await().atMost(WAIT).until(() -> get(engine.presence().list(channel)).equals(List.of(kept)));
        assertThat(get(engine.presence().find(lapsing.clientId()))).isEmpty();
        assertThat(get(engine.presence().count(channel))).isEqualTo(1);
        PresencePage page = get(engine.presence().page(channel, "", 10));
        assertThat(page.members()).containsExactly(kept);
        assertThat(page.count()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------ control

    @Test
    void aControlMessageReachesThisNodeByIdAndWhenSentToAll() {
        get(engine.broker().sendControl(engine.nodeId(), "to-me"));
        get(engine.broker().sendControl(null, "to-all"));
        await().atMost(WAIT).until(() -> events.controls.size() == 2);
        assertThat(events.controls).containsExactly("to-me", "to-all");
    }

    // ------------------------------------------------------------------------------ cluster (needs a peer)

    /** A second node sharing the store, or the test is skipped. */
    protected ChannelEngine peer(RecordingListener peerEvents) {
        ChannelEngine peer = newPeerEngine();
        Assumptions.assumeTrue(peer != null, "single-node engine: no peer");
        return started(peer, peerEvents);
    }

    @Test
    void aPublicationReachesEverySubscribedNodeInOneOffsetOrder() {
        RecordingListener peerEvents = new RecordingListener();
        ChannelEngine peer = peer(peerEvents);
        assertThat(peer.nodeId()).isNotEqualTo(engine.nodeId());
        String channel = freshChannel();
        get(engine.broker().subscribe(channel));
        get(peer.broker().subscribe(channel));
        for (int i = 0; i < 50; i++) {
            get((i % 2 == 0 ? engine : peer).broker().publish(channel, "m" + i, STREAM));
        }
        await().atMost(WAIT).until(() -> events.publications(channel).size() == 50 && peerEvents.publications(channel).size() == 50);
        assertThat(events.publications(channel)).isEqualTo(peerEvents.publications(channel));
        assertThat(events.publications(channel)).extracting(Publication::offset)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void presenceAndControlSpanNodes() {
        RecordingListener peerEvents = new RecordingListener();
        ChannelEngine peer = peer(peerEvents);
        String channel = freshChannel();
        PresenceInfo here = new PresenceInfo("h-" + UUID.randomUUID(), channel, "", Instant.now(), engine.nodeId());
        PresenceInfo there = new PresenceInfo("t-" + UUID.randomUUID(), channel, "", Instant.now(), peer.nodeId());
        get(engine.presence().add(here, Duration.ofMinutes(1)));
        get(peer.presence().add(there, Duration.ofMinutes(1)));
        assertThat(get(engine.presence().list(channel))).containsExactlyInAnyOrder(here, there);
        assertThat(get(engine.presence().find(there.clientId()))).contains(there);
        get(engine.broker().sendControl(peer.nodeId(), "for-peer"));
        get(engine.broker().sendControl(null, "for-all"));
        await().atMost(WAIT).until(() -> peerEvents.controls.size() == 2 && events.controls.size() == 1);
        assertThat(peerEvents.controls).containsExactly("for-peer", "for-all");
        assertThat(events.controls).containsExactly("for-all");
    }
}
