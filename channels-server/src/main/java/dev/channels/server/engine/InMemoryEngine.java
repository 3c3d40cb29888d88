package dev.channels.server.engine;

import dev.channels.api.internal.threads.DaemonSchedulers;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The engine of a single node: streams, subscriptions and presence in this JVM's memory. The default
 * of every {@link dev.channels.server.ChannelServer}; nothing to run or configure. Several servers in
 * one JVM can also share one {@link #cluster()}: each gets a {@link Cluster#node()} of its own and
 * they behave as the nodes of a cluster (what tests of cluster behaviour need, without a Redis).
 *
 * <p>Every future is complete when its method returns. {@code publish} numbers and stores under the
 * channel's lock and appends the publication, with the nodes subscribed at that moment, to the
 * channel's delivery queue; the queue is drained <em>outside</em> the lock, in offset order, by
 * whichever publishing thread finds the channel's delivery idle (a flag under the lock, the work
 * outside it): each subscribed node's {@code onPublication} runs on that thread, one publication at
 * a time, so delivery order is offset order on every node. {@code publish}'s future is complete once
 * the publication is numbered and stored; when the calling thread drained the queue, what it
 * delivered is delivered when it returns (a single publisher sees every delivery done), otherwise the
 * draining thread delivers it soon after. A publish made from inside {@code onPublication} (the
 * draining thread itself) is queued and delivered after the current one, never nested. The queue is
 * bounded ({@value #MAX_UNDELIVERED} publications): a publisher that finds it full waits, outside any
 * lock of this engine, until the draining thread has made room, unless it is itself draining a
 * channel (it would wait on itself); after {@link #MAX_WAIT_FOR_ROOM} its publish fails with
 * {@link EngineUnavailableException}, nothing stored. {@code sendControl} calls {@code onControl} of the node it
 * names (or of every node) on the calling thread; a node id that is not a started node of the same
 * store reaches nobody.
 *
 * <p>Threads, state and lock order: each channel's {@link ChannelState} is guarded by its own
 * monitor, held only for map and list work, <b>never while calling out</b> (the listener, another
 * channel's state, the presence maps); so this engine takes no lock of a caller's and a listener
 * may publish, join or leave from {@code onPublication} without a lock-order inversion (the
 * deadlock of issue 20 case 3: a channel lock held while delivering, against a member's outbox held
 * while a replay overflowed and its leave published). Presence lives in concurrent maps changed
 * through {@code compute}. One daemon thread sweeps expired streams and presence entries every second,
 * so an unused channel costs nothing after its TTL; it never sweeps a channel with deliveries pending.
 *
 * @since 0.1.0
 */
public final class InMemoryEngine implements ChannelEngine {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Publications a channel holds for delivery at most before a publisher (not a draining thread) waits. */
    static final int MAX_UNDELIVERED = 1024;
    /** How long a publisher waits for room in a channel's delivery queue before its publish fails. */
    static final Duration MAX_WAIT_FOR_ROOM = Duration.ofSeconds(5);
    /** Whether this thread is draining a channel's deliveries now: it must never wait for a queue to shrink. */
    private static final ThreadLocal<Boolean> DRAINING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final String nodeId = "memory-" + randomId();
    private final Store store;
    private final Map<String, ChannelState> channels;
    private final Map<String, Map<String, Member>> presenceByChannel;
    private final Map<String, Member> presenceByClient;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemoryBroker broker = new MemoryBroker();
    private final MemoryPresence presence = new MemoryPresence();
    private volatile EngineListener listener;
    private volatile ScheduledExecutorService sweeper;

    private InMemoryEngine(Store store) {
        this.store = store;
        this.channels = store.channels;
        this.presenceByChannel = store.presenceByChannel;
        this.presenceByClient = store.presenceByClient;
    }

    /** A new, unstarted in-memory engine: one node with a store of its own. */
    public static InMemoryEngine create() {
        return new InMemoryEngine(new Store());
    }

    /** A new store that several nodes share ({@link Cluster#node()}), in this JVM. */
    public static Cluster cluster() {
        return new Cluster();
    }

    /**
     * Channels, streams and presence shared by the in-memory nodes of one cluster. Thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Cluster {
        private final Store store = new Store();

        private Cluster() {
        }

        /** A new, unstarted node of this cluster, with a node id of its own. */
        public InMemoryEngine node() {
            return new InMemoryEngine(store);
        }
    }

    /** What the nodes of one store share. */
    private static final class Store {
        final Map<String, ChannelState> channels = new ConcurrentHashMap<>();
        final Map<String, Map<String, Member>> presenceByChannel = new ConcurrentHashMap<>();
        final Map<String, Member> presenceByClient = new ConcurrentHashMap<>();
        /** The join sequence of presence entries: taken inside a channel's {@code compute}, so rising in each channel's join order. */
        final java.util.concurrent.atomic.AtomicLong joins = new java.util.concurrent.atomic.AtomicLong();
        /** The started, not yet closed nodes, by id. */
        final Map<String, InMemoryEngine> nodes = new ConcurrentHashMap<>();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** Every future is complete when returned: this engine never waits. */
    @Override
    public boolean answersAtOnce() {
        return true;
    }

    @Override
    public void start(EngineListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("engine already started");
        }
        this.listener = listener;
        store.nodes.put(nodeId, this);
        ScheduledThreadPoolExecutor s = DaemonSchedulers.create(1, "channels-memory-engine-sweeper");
        s.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        sweeper = s;
    }

    @Override
    public Broker broker() {
        return broker;
    }

    @Override
    public PresenceManager presence() {
        return presence;
    }

    @Override
    public boolean isAvailable() {
        return started.get() && !closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            store.nodes.remove(nodeId, this);
            channels.values().forEach(state -> { // a closed node subscribes to nothing
                synchronized (state) {
                    if (state.subscribers.remove(this) != null && state.subscribers.isEmpty()) {
                        state.lastActiveNanos = System.nanoTime();
                    }
                }
            });
            ScheduledExecutorService s = sweeper;
            if (s != null) {
                s.shutdownNow();
            }
        }
    }

    /** How many channels hold state (a subscription or a live stream) now: for tests and monitoring. */
    public int channelStateCount() {
        return channels.size();
    }

    // ------------------------------------------------------------------------------------ broker

    private final class MemoryBroker implements Broker {

        @Override
        public CompletableFuture<StreamPosition> publish(String channelId, String data, StreamOptions stream) {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(stream, "stream");
            ChannelState[] drain = {null};
            CompletableFuture<StreamPosition> result = call(() -> withChannel(channelId, state -> {
                awaitRoom(state, channelId);
                long now = System.nanoTime();
                StreamPosition position = StreamPosition.NONE;
                if (stream.enabled()) {
                    state.liveStream(now, stream);
                    position = new StreamPosition(++state.top, state.epoch);
                    state.retained.addLast(new Retained(new Publication(channelId, position, data), now));
                    while (state.retained.size() > stream.historySize()) {
                        state.retained.removeFirst();
                    }
                    state.lastActiveNanos = now;
                }
                if (!state.subscribers.isEmpty()) {
                    Publication publication = position.inStream() ? state.retained.peekLast().publication()
                            : new Publication(channelId, position, data);
                    state.undelivered.addLast(new Undelivered(publication, List.copyOf(state.subscribers.keySet())));
                    if (!state.delivering) {
                        state.delivering = true; // this thread drains, outside the lock
                        drain[0] = state;
                    }
                }
                return position;
            }));
            if (drain[0] != null) {
                drain(drain[0]);
            }
            return result;
        }

        @Override
        public CompletableFuture<Void> subscribe(String channelId) {
            return call(() -> withChannel(channelId, state -> {
                state.subscribers.merge(InMemoryEngine.this, 1, Integer::sum);
                return null;
            }));
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String channelId) {
            return call(() -> withChannel(channelId, state -> {
                Integer count = state.subscribers.get(InMemoryEngine.this);
                if (count != null) {
                    if (count > 1) {
                        state.subscribers.put(InMemoryEngine.this, count - 1);
                    } else {
                        state.subscribers.remove(InMemoryEngine.this);
                        if (state.subscribers.isEmpty()) {
                            state.lastActiveNanos = System.nanoTime();
                        }
                    }
                }
                return null;
            }));
        }

        @Override
        public CompletableFuture<History> history(String channelId, long since, int limit, StreamOptions stream) {
            if (since < 0 || limit < 0) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "since and limit must not be negative: " + since + ", " + limit));
            }
            return call(() -> withChannel(channelId, state -> {
                long now = System.nanoTime();
                state.liveStream(now, stream);
                List<Publication> after = new ArrayList<>();
                for (Retained r : state.retained) {
                    if (after.size() >= limit) {
                        break;
                    }
                    if (r.publication().offset() > since) {
                        after.add(r.publication());
                    }
                }
                return new History(state.epoch == null ? StreamPosition.NONE
                        : new StreamPosition(state.top, state.epoch), after);
            }));
        }

        /** Walks the retained publications from the newest end: {@code limit} steps plus those at or above {@code before}. */
        @Override
        public CompletableFuture<History> historyBefore(String channelId, long before, int limit, StreamOptions stream) {
            if (before < 0 || limit < 0) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "before and limit must not be negative: " + before + ", " + limit));
            }
            return call(() -> withChannel(channelId, state -> {
                state.liveStream(System.nanoTime(), stream);
                ArrayDeque<Publication> newest = new ArrayDeque<>();
                for (Iterator<Retained> it = state.retained.descendingIterator(); it.hasNext() && newest.size() < limit; ) {
                    Publication p = it.next().publication();
                    if (before == 0 || p.offset() < before) {
                        newest.addFirst(p); // oldest first, as history() answers
                    }
                }
                return new History(state.epoch == null ? StreamPosition.NONE
                        : new StreamPosition(state.top, state.epoch), new ArrayList<>(newest));
            }));
        }

        @Override
        public CompletableFuture<StreamPosition> position(String channelId, StreamOptions stream) {
            return history(channelId, 0, 0, stream).thenApply(History::top);
        }

        @Override
        public CompletableFuture<Void> removeStream(String channelId) {
            return call(() -> withChannel(channelId, state -> {
                state.dropStream();
                return null;
            }));
        }

        @Override
        public CompletableFuture<Void> sendControl(String toNode, String data) {
            Objects.requireNonNull(data, "data");
            return call(() -> {
                if (toNode == null) {
                    store.nodes.values().forEach(node -> node.control(data));
                } else {
                    InMemoryEngine node = store.nodes.get(toNode);
                    if (node != null) {
                        node.control(data);
                    }
                }
                return null;
            });
        }
    }

    private void control(String data) {
        if (!closed.get()) {
            EngineListener.tell(listener, "onControl", null, l -> l.onControl(data));
        }
    }

    private void deliver(Publication publication) {
        if (!closed.get()) {
            EngineListener.tell(listener, "onPublication", publication.channelId(), l -> l.onPublication(publication));
        }
    }

    /**
     * Delivers the channel's queued publications, in order, outside its lock, until none is left; the
     * caller set {@code delivering} under the lock. Whoever publishes meanwhile only queues.
     */
    private static void drain(ChannelState state) {
        boolean nested = DRAINING.get();
        DRAINING.set(Boolean.TRUE);
        try {
            while (true) {
                Undelivered next;
                List<InMemoryEngine> nodes;
                synchronized (state) {
                    next = state.undelivered.pollFirst();
                    if (next == null) {
                        state.delivering = false;
                        state.notifyAll(); // publishers waiting for room
                        return;
                    }
                    if (state.undelivered.size() == MAX_UNDELIVERED - 1) {
                        state.notifyAll();
                    }
                    // a node that unsubscribed since the publish no longer gets it
                    nodes = next.nodes().stream().filter(state.subscribers::containsKey).toList();
                }
                for (InMemoryEngine node : nodes) {
                    node.deliver(next.publication());
                }
            }
        } catch (RuntimeException | Error e) {
            synchronized (state) { // deliver() catches the listener's failures; this is a last resort
                state.delivering = false;
                state.notifyAll();
            }
            throw e;
        } finally {
            DRAINING.set(nested);
        }
    }

    /**
     * Caller holds the state's monitor: waits (releasing it) while the channel's delivery queue is
     * full and another thread drains it; never when this thread drains a channel itself. Gives up
     * after {@link #MAX_WAIT_FOR_ROOM} with {@link EngineUnavailableException} (the publish fails and
     * nothing is stored): the queue stays bounded, and a caller that (against the rules) holds a lock
     * the draining thread needs is not stuck for good.
     */
    private static void awaitRoom(ChannelState state, String channelId) {
        if (!state.delivering || state.undelivered.size() < MAX_UNDELIVERED || DRAINING.get()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_WAIT_FOR_ROOM.toNanos();
        boolean interrupted = false;
        try {
            while (state.delivering && state.undelivered.size() >= MAX_UNDELIVERED && !state.removed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new EngineUnavailableException("channel " + channelId + ": " + state.undelivered.size()
                            + " publications wait for delivery; try again later");
                }
                try {
                    state.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code work} on the state of {@code channelId} under its lock, retrying if a sweep removed it meanwhile. */
    private <T> T withChannel(String channelId, java.util.function.Function<ChannelState, T> work) {
        Objects.requireNonNull(channelId, "channelId");
        while (true) {
            ChannelState state = channels.computeIfAbsent(channelId, id -> new ChannelState());
            synchronized (state) {
                if (!state.removed) {
                    return work.apply(state);
                }
            }
        }
    }

    /** A publication waiting for delivery, and the nodes subscribed when it was published. */
    private record Undelivered(Publication publication, List<InMemoryEngine> nodes) {
    }

    /** One retained publication and when it was published ({@link System#nanoTime()}). */
    private record Retained(Publication publication, long publishedNanos) {
    }

    /**
     * A channel's subscriptions, stream and delivery queue. Guarded by its own monitor, which is never
     * held while calling out; {@code removed} is set, under it, by the sweep that takes it out of the
     * map (callers then retry with a fresh state). {@code undelivered} is appended by publishers and
     * drained by the one thread that set {@code delivering}.
     */
    private static final class ChannelState {
        /** Subscription counts of the nodes that subscribe (in the order they first did). */
        final Map<InMemoryEngine, Integer> subscribers = new LinkedHashMap<>();
        String epoch;            // null: no stream
        long top;
        long ttlNanos;
        long lastActiveNanos;
        final ArrayDeque<Retained> retained = new ArrayDeque<>();
        /** Publications numbered and stored but not yet delivered, in offset order; at most about {@link #MAX_UNDELIVERED}. */
        final ArrayDeque<Undelivered> undelivered = new ArrayDeque<>();
        /** A thread is draining {@link #undelivered}, outside the monitor. */
        boolean delivering;
        boolean removed;

        /** Makes sure a live stream exists (a new epoch when there was none or it expired) and trims expired entries. */
        void liveStream(long now, StreamOptions options) {
            if (epoch != null && subscribers.isEmpty() && now - lastActiveNanos > ttlNanos) {
                dropStream();
            }
            if (epoch == null) {
                if (!options.enabled()) {
                    return;
                }
                epoch = randomId();
                top = 0;
                lastActiveNanos = now;
            }
            if (options.enabled()) {
                ttlNanos = options.historyTtl().toNanos();
            }
            trim(now);
        }

        void trim(long now) {
            while (!retained.isEmpty() && now - retained.peekFirst().publishedNanos() > ttlNanos) {
                retained.removeFirst();
            }
        }

        void dropStream() {
            epoch = null;
            top = 0;
            retained.clear();
        }

        /** Whether nothing is left worth keeping: no subscriber and no live stream. */
        boolean idle(long now) {
            if (!subscribers.isEmpty() || delivering || !undelivered.isEmpty()) {
                return false;
            }
            return epoch == null || now - lastActiveNanos > ttlNanos;
        }
    }

    // ------------------------------------------------------------------------------------ presence

    /** A presence entry, its place in the join order ({@code seq}, the page cursor) and when it lapses ({@link System#nanoTime()}). */
    private record Member(PresenceInfo info, long seq, long expiresNanos) {
        boolean live(long now) {
            return now - expiresNanos < 0;
        }
    }

    private final class MemoryPresence implements PresenceManager {

        @Override
        public CompletableFuture<Void> add(PresenceInfo member, Duration ttl) {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(ttl, "ttl");
            return call(() -> {
                long expires = System.nanoTime() + ttl.toNanos();
                presenceByChannel.compute(member.channelId(), (id, members) -> {
                    Map<String, Member> map = members == null ? new LinkedHashMap<>() : members;
                    Member old = map.get(member.clientId());
                    // a refresh keeps the joined order and the original entry's joinedAt
                    map.put(member.clientId(), old == null ? new Member(member, store.joins.incrementAndGet(), expires)
                            : new Member(old.info(), old.seq(), expires));
                    presenceByClient.put(member.clientId(), map.get(member.clientId()));
                    return map;
                });
                return null;
            });
        }

        @Override
        public CompletableFuture<Void> remove(String channelId, String clientId) {
            return call(() -> {
                presenceByChannel.computeIfPresent(channelId, (id, members) -> {
                    Member gone = members.remove(clientId);
                    if (gone != null) {
                        presenceByClient.remove(clientId, gone);
                    }
                    return members.isEmpty() ? null : members;
                });
                return null;
            });
        }

        @Override
        public CompletableFuture<List<PresenceInfo>> list(String channelId) {
            return call(() -> {
                long now = System.nanoTime();
                List<PresenceInfo> out = new ArrayList<>();
                presenceByChannel.computeIfPresent(channelId, (id, members) -> {
                    members.values().forEach(m -> {
                        if (m.live(now)) {
                            out.add(m.info());
                        }
                    });
                    return members;
                });
                return List.copyOf(out);
            });
        }

        /**
         * Walks the channel's members once without copying them, keeping only the page: the cursor is the
         * join sequence of the page's last member, so a walk sees every member that stays throughout
         * exactly once, whoever joins or leaves meanwhile.
         */
        @Override
        public CompletableFuture<PresencePage> page(String channelId, String after, int limit) {
            if (limit < 1) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
            }
            long from;
            try {
                from = after.isEmpty() ? 0 : Long.parseLong(after, 36);
            } catch (NumberFormatException e) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("not a member list cursor: " + after));
            }
            return call(() -> {
                long now = System.nanoTime();
                List<PresenceInfo> out = new ArrayList<>(Math.min(limit, 64));
                int[] count = {0};
                long[] last = {0};
                boolean[] more = {false};
                presenceByChannel.computeIfPresent(channelId, (id, members) -> {
                    for (Member m : members.values()) {
                        if (!m.live(now)) {
                            continue;
                        }
                        count[0]++;
                        if (m.seq() > from) {
                            if (out.size() < limit) {
                                out.add(m.info());
                                last[0] = m.seq();
                            } else {
                                more[0] = true;
                            }
                        }
                    }
                    return members;
                });
                return new PresencePage(out, count[0], more[0] ? Long.toString(last[0], 36) : "");
            });
        }

        @Override
        public CompletableFuture<Integer> count(String channelId) {
            return call(() -> {
                long now = System.nanoTime();
                int[] count = {0};
                presenceByChannel.computeIfPresent(channelId, (id, members) -> {
                    members.values().forEach(m -> count[0] += m.live(now) ? 1 : 0);
                    return members;
                });
                return count[0];
            });
        }

        @Override
        public CompletableFuture<Optional<PresenceInfo>> find(String clientId) {
            return call(() -> {
                Member m = presenceByClient.get(clientId);
                return m != null && m.live(System.nanoTime()) ? Optional.of(m.info()) : Optional.empty();
            });
        }
    }

    // ------------------------------------------------------------------------------------ support

    private void sweep() {
        long now = System.nanoTime();
        channels.forEach((id, state) -> {
            synchronized (state) {
                if (state.epoch != null) {
                    state.trim(now);
                }
                if (state.idle(now)) {
                    state.removed = true;
                    channels.remove(id, state);
                }
            }
        });
        presenceByChannel.keySet().forEach(channelId -> presenceByChannel.computeIfPresent(channelId, (id, members) -> {
            members.values().removeIf(m -> {
                if (!m.live(now)) {
                    presenceByClient.remove(m.info().clientId(), m);
                    return true;
                }
                return false;
            });
            return members.isEmpty() ? null : members;
        }));
    }

    private <T> CompletableFuture<T> call(Supplier<T> work) {
        if (!isAvailable()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(
                    closed.get() ? "engine closed" : "engine not started"));
        }
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String randomId() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
