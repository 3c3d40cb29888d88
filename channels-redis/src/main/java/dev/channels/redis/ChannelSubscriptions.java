package dev.channels.redis;

import dev.channels.server.engine.History;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This node's channel subscriptions: how many times each channel is subscribed (one Redis SUBSCRIBE
 * while the count is above zero), and, per channel, the stream position last delivered, so that
 * nothing is skipped silently. A publication that does not follow the last one (an offset gap), or a
 * lost connection, puts the channel into <em>catch-up</em>: live publications wait in a bounded
 * buffer while the channel's stream is read since the last delivered offset; the retained ones it
 * missed are delivered in order, then the buffer (dropping what was delivered already), and after a
 * lost connection the stream's position is reported ({@code resumed}), so the server can close the
 * members that lost messages for good. A stream whose top is below the offset already delivered in
 * the same epoch (Redis restored from an older snapshot) first gets a new epoch ({@code new-epoch.lua}):
 * its offsets would otherwise be handed out a second time, to other messages.
 *
 * <p>Threads: {@link #subscribe}/{@link #unsubscribe} run on any caller's thread; the count changes,
 * and the SUBSCRIBE/UNSUBSCRIBE commands are sent, inside the map's {@code compute} for the channel,
 * so the commands of one channel reach Redis in the order of the calls (sending only hands a command
 * to Lettuce; nothing there waits for a reply or calls the listener). Live publications are
 * delivered by {@link #deliver} on the Pub/Sub connection's I/O thread. A catch-up's stream read goes
 * over the Pub/Sub connection too (RESP3 allows any command there): its reply arrives in the same byte
 * stream as the live publications, after every publication Redis made before reading the stream and
 * before every later one, and the catch-up delivers on the thread that completes the read: that I/O
 * thread, or, when the reply came before the catch-up's callback was attached, the thread that
 * started it (the heartbeat thread, or one running the engine's restored notice). Deliveries of one
 * channel never overlap and follow offset order all the same: while a channel catches up
 * ({@code catchingUp}) the I/O thread only holds its live publications; one catch-up runs at a time
 * per channel ({@code reading}, from the stream read until the last held publication is delivered);
 * and the I/O thread delivers live again only once the catch-up has delivered everything and cleared
 * {@code catchingUp} under the monitor.
 *
 * <p>On a Redis Cluster ({@link RedisKeys#isHashTagged}) a channel is subscribed with SSUBSCRIBE
 * (sharded Pub/Sub), which Lettuce's cluster Pub/Sub connection sends to the primary of the channel's
 * slot; its publications arrive on the I/O thread of that node's connection, one at a time as above.
 * The catch-up's stream read goes to the same slot over the command connection instead (the Pub/Sub
 * connection's default node need not serve it), so its reply is not ordered with the publications;
 * nothing relies on that order: a publication the read already delivered is dropped by its offset
 * ({@code advance}), a later one is held until the read's are delivered, and one that arrives after the
 * catch-up with an offset gap starts another.
 *
 * <p>Locks: each {@link Subscription}'s fields are guarded by its monitor, held only to compare and
 * update them, <b>never while the listener runs or while waiting for Redis</b>; the map's bin lock
 * ({@code compute}) is taken before a subscription's monitor, never after; the engine's
 * {@code stateLock} ({@link #suspendAll}) before a subscription's monitor, never after. So no lock of
 * this class is held across {@code onPublication} or {@code onChannelResumed}, and a listener may
 * subscribe, unsubscribe or publish from either.
 */
final class ChannelSubscriptions {

    private static final System.Logger LOG = System.getLogger(ChannelSubscriptions.class.getName());
    /** Live publications a catching-up channel holds at most; later ones are dropped (the stream read has them). */
    static final int MAX_BUFFERED = 1_000;

    private final Map<String, Subscription> byChannel = new ConcurrentHashMap<>();
    private final RedisKeys keys;
    private final Consumer<Publication> deliver;
    private final Streams streams;
    private final BiConsumer<String, StreamPosition> resumed;

    /** What a catch-up asks of Redis, on the Pub/Sub connection so that the replies come in order with the publications. */
    interface Streams {
        /** The stream of {@code channelId} since {@code since}, never creating, trimming or renewing it. */
        CompletableFuture<History> read(String channelId, long since);

        /** A new epoch for a stream still at {@code epoch} whose top is below {@code delivered}; its position after. */
        CompletableFuture<StreamPosition> newEpochIfBehind(String channelId, String epoch, long delivered);
    }

    /**
     * @param deliver called with each publication to pass on, in order
     * @param streams reads streams for a catch-up
     * @param resumed called with a channel id and its stream's top after a catch-up that followed a lost connection
     */
    ChannelSubscriptions(RedisKeys keys, Consumer<Publication> deliver, Streams streams,
                         BiConsumer<String, StreamPosition> resumed) {
        this.keys = keys;
        this.deliver = deliver;
        this.streams = streams;
        this.resumed = resumed;
    }

    /** One more subscription of {@code channelId}; completes when Redis has confirmed the SUBSCRIBE. */
    CompletableFuture<Void> subscribe(String channelId, RedisPubSubAsyncCommands<String, String> pubsub) {
        Subscription[] joined = new Subscription[1];
        byChannel.compute(channelId, (id, sub) -> {
            Subscription s = sub;
            if (s == null) {
                s = new Subscription(subscribe(pubsub, id));
            }
            synchronized (s) {
                s.count++;
            }
            joined[0] = s;
            return s;
        });
        Subscription sub = joined[0];
        return sub.ready.whenComplete((v, e) -> {
            if (e != null) {
                release(channelId, sub, pubsub); // the caller sees the failure: its subscription did not happen
            }
        });
    }

    /** Undoes one subscription; the last one sends UNSUBSCRIBE (when connected) and stops delivery at once. */
    void unsubscribe(String channelId, RedisPubSubAsyncCommands<String, String> pubsub) {
        Subscription sub = byChannel.get(channelId);
        if (sub != null) {
            release(channelId, sub, pubsub);
        }
    }

    private void release(String channelId, Subscription expected, RedisPubSubAsyncCommands<String, String> pubsub) {
        byChannel.computeIfPresent(channelId, (id, s) -> {
            if (s != expected) {
                return s;
            }
            synchronized (s) {
                if (--s.count > 0) {
                    return s;
                }
            }
            if (pubsub.getStatefulConnection().isOpen()) {
                // failure is harmless: delivery is already off here
                if (keys.isHashTagged()) {
                    pubsub.sunsubscribe(keys.pubSub(id));
                } else {
                    pubsub.unsubscribe(keys.pubSub(id));
                }
            }
            return null;
        });
    }

    /** The channels subscribed now. */
    List<String> channels() {
        return List.copyOf(byChannel.keySet());
    }

    /** Subscribes every subscribed channel again (after a reconnect); completes when Redis confirmed. */
    CompletableFuture<Void> resubscribeAll(RedisPubSubAsyncCommands<String, String> pubsub) {
        if (keys.isHashTagged()) {
            // one SSUBSCRIBE per channel: each goes to the primary of its channel's slot now (after a failover, the new one)
            return CompletableFuture.allOf(byChannel.keySet().stream().map(id -> subscribe(pubsub, id))
                    .toArray(CompletableFuture[]::new));
        }
        String[] all = byChannel.keySet().stream().map(keys::pubSub).toArray(String[]::new);
        if (all.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return pubsub.subscribe(all).toCompletableFuture().thenApply(v -> null);
    }

    /**
     * Subscribes the Pub/Sub channel of {@code channelId}: SUBSCRIBE, or on a Redis Cluster SSUBSCRIBE
     * (sharded Pub/Sub, Redis 7), which Lettuce's cluster Pub/Sub connection sends to the node that
     * serves the channel's slot, the one the publish script's SPUBLISH runs on.
     */
    private CompletableFuture<Void> subscribe(RedisPubSubAsyncCommands<String, String> pubsub, String channelId) {
        String channel = keys.pubSub(channelId);
        return (keys.isHashTagged() ? pubsub.ssubscribe(channel) : pubsub.subscribe(channel)).toCompletableFuture()
                .thenApply(v -> null);
    }

    /**
     * After a lost connection: every channel catches up before it delivers again (live publications
     * wait), and reports its stream's position once it has.
     */
    void suspendAll() {
        byChannel.values().forEach(s -> {
            synchronized (s) {
                s.catchingUp = true;
                s.announce = true;
            }
        });
    }

    /** Starts the catch-up of every channel that waits for one and has no stream read under way (reconnected; heartbeat). */
    void catchUpAll() {
        byChannel.forEach(this::startCatchUp);
    }

    private void startCatchUp(String channelId, Subscription s) {
        long since;
        synchronized (s) {
            if (!s.catchingUp || s.reading || s.count == 0) {
                return;
            }
            s.reading = true;
            since = s.epoch == null ? 0 : s.offset;
        }
        CompletableFuture<History> read;
        try {
            read = streams.read(channelId, since);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((history, e) -> finishCatchUp(channelId, s, history, e));
    }

    /**
     * Usually on the Pub/Sub I/O thread: deliver what the stream read found, then what waited, then go
     * live. {@code reading} stays set until then, so no other catch-up of the channel delivers meanwhile.
     */
    private void finishCatchUp(String channelId, Subscription s, History history, Throwable failure) {
        boolean announce;
        synchronized (s) {
            if (failure != null) {
                s.reading = false;
                // still catching up: the next reconnect, or the next heartbeat while connected, tries again
                LOG.log(Level.DEBUG, "catching up {0} failed: {1}", channelId, failure.getMessage());
                return;
            }
            if (s.count == 0 || byChannel.get(channelId) != s) {
                s.reading = false;
                s.catchingUp = false;
                s.buffered.clear();
                return;
            }
            announce = s.announce;
            s.announce = false;
        }
        completeGuarded(channelId, s, history, announce);
    }

    /** {@link #complete}; should it fail (a bug), the channel stays catching up and the next heartbeat tries again. */
    private void completeGuarded(String channelId, Subscription s, History history, boolean announce) {
        try {
            complete(channelId, s, history, announce);
        } catch (RuntimeException e) {
            synchronized (s) {
                s.reading = false; // still catching up: tried again at the next heartbeat
                s.announce |= announce;
            }
            LOG.log(Level.WARNING, "catching up " + channelId + " failed", e);
        }
    }

    private void complete(String channelId, Subscription s, History history, boolean announce) {
        StreamPosition top = history.top();
        boolean unknown;
        boolean sameEpoch;
        String epoch;
        long delivered;
        synchronized (s) {
            unknown = s.epoch == null;
            sameEpoch = top.inStream() && top.epoch().equals(s.epoch);
            epoch = s.epoch;
            delivered = s.offset;
        }
        if (sameEpoch && delivered > top.offset()) {
            LOG.log(Level.WARNING, "channel {0}: its stream went back from offset {1} to {2} in epoch {3} (Redis restored "
                    + "from an older snapshot?): giving it a new epoch", channelId, delivered, top.offset(), epoch);
            // the stream went back in time: give it a new epoch first (reading stays set meanwhile)
            streams.newEpochIfBehind(channelId, epoch, delivered).whenComplete((renewed, e) -> {
                if (e != null) {
                    LOG.log(Level.DEBUG, "a new epoch for {0} failed: {1}", channelId, e.getMessage());
                    synchronized (s) {
                        s.reading = false;
                        s.announce |= announce; // still catching up: tried again later
                    }
                } else {
                    completeGuarded(channelId, s, new History(renewed, List.of()), announce);
                }
            });
            return;
        }
        // read since the last delivered offset (or since 0 when none was): meaningful only in that epoch;
        // in another one the old epoch's members are told, and the held publications of the new one follow
        if (unknown || sameEpoch) {
            for (Publication p : history.publications()) {
                passOn(s, p);
            }
        }
        synchronized (s) {
            if (sameEpoch && s.offset < top.offset()) {
                LOG.log(Level.WARNING, "channel {0}: offsets {1} to {2} of epoch {3} are no longer in its stream",
                        channelId, s.offset + 1, top.offset(), top.epoch());
                s.offset = top.offset(); // gone for good: the members that miss them are told (resumed, or the next gap)
            }
        }
        if (announce) {
            resumed.accept(channelId, top);
        }
        while (true) {
            Publication next;
            synchronized (s) {
                next = s.buffered.poll();
                if (next == null) {
                    s.reading = false;
                    if (s.announce) {
                        return; // the connection was lost again meanwhile: still catching up, tried again once back
                    }
                    s.catchingUp = false;
                    s.overflowed = false;
                    return;
                }
            }
            passOn(s, next);
        }
    }

    /** Stops delivery of the publications of {@code epoch} (a removed stream) on {@code channelId}. */
    void dropEpoch(String channelId, String epoch) {
        Subscription s = byChannel.get(channelId);
        if (s != null && epoch != null) {
            synchronized (s) {
                s.droppedEpoch = epoch;
            }
        }
    }

    /** A message from Pub/Sub channel {@code pubSubChannel}, on its I/O thread: decode, check its position, pass it on. */
    void deliver(String pubSubChannel, String payload) {
        String channelId = keys.channelOf(pubSubChannel);
        Subscription sub = channelId == null ? null : byChannel.get(channelId);
        if (sub == null) {
            return; // unsubscribed meanwhile
        }
        Publication publication = decode(channelId, payload);
        if (publication == null) {
            LOG.log(Level.WARNING, "ignored a Pub/Sub message on {0} that the engine did not publish", pubSubChannel);
            return;
        }
        String gap = null;
        boolean held;
        synchronized (sub) {
            if (sub.count == 0) {
                return;
            }
            if (!sub.catchingUp) {
                gap = sub.gapBefore(publication.position());
                sub.catchingUp = gap != null;
            }
            held = sub.catchingUp;
            if (held) {
                sub.hold(publication);
            }
        }
        if (gap != null) {
            LOG.log(Level.WARNING, "channel {0}: {1}; reading them from its stream", channelId, gap);
            startCatchUp(channelId, sub);
        } else if (!held) {
            passOn(sub, publication);
        }
    }

    /** Delivers {@code publication} unless it was delivered already (or its stream was removed). */
    private void passOn(Subscription sub, Publication publication) {
        synchronized (sub) {
            if (!sub.advance(publication.position())) {
                return;
            }
        }
        deliver.accept(publication);
    }

    /** The Pub/Sub payload of a publication: {@code <offset>:<epoch>:<data>} ({@code 0::<data>} outside a stream). */
    static String encode(StreamPosition position, String data) {
        return position.offset() + ":" + position.epoch() + ":" + data;
    }

    static Publication decode(String channelId, String payload) {
        int first = payload.indexOf(':');
        int second = first < 0 ? -1 : payload.indexOf(':', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            long offset = Long.parseLong(payload, 0, first, 10);
            String epoch = payload.substring(first + 1, second);
            StreamPosition position = epoch.isEmpty() ? StreamPosition.NONE : new StreamPosition(offset, epoch);
            return new Publication(channelId, position, payload.substring(second + 1));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One channel's subscription count, delivery position and catch-up state; guarded by its monitor. */
    private static final class Subscription {
        final CompletableFuture<Void> ready;
        int count;
        /** Last delivered position; null: none yet. */
        String epoch;
        long offset;
        /** A removed stream's epoch, whose publications are no longer delivered. */
        String droppedEpoch;
        /** Live publications wait in {@link #buffered} until the stream was read. */
        boolean catchingUp;
        /** A stream read is under way. */
        boolean reading;
        /** The catch-up follows a lost connection: report the stream's position when done. */
        boolean announce;
        boolean overflowed;
        final ArrayDeque<Publication> buffered = new ArrayDeque<>();

        Subscription(CompletableFuture<Void> ready) {
            this.ready = ready;
        }

        /** What is missing before {@code p}, or null when it follows (or is not comparable: another epoch, no stream). */
        String gapBefore(StreamPosition p) {
            if (!p.inStream() || epoch == null || !epoch.equals(p.epoch()) || p.offset() <= offset + 1) {
                return null;
            }
            return "offsets " + (offset + 1) + " to " + (p.offset() - 1) + " of epoch " + epoch + " never arrived";
        }

        void hold(Publication p) {
            if (buffered.size() < MAX_BUFFERED) {
                buffered.add(p);
            } else if (!overflowed) {
                overflowed = true; // the stream read, made after these were published, has them
                LOG.log(Level.DEBUG, "a catching-up channel holds {0} publications: dropping the next ones", MAX_BUFFERED);
            }
        }

        /**
         * Moves to {@code p}; false when it is not to be delivered: delivered already, or of a removed
         * stream. Another epoch is delivered (its members on the old one see the change and are closed).
         */
        boolean advance(StreamPosition p) {
            if (!p.inStream()) {
                return true;
            }
            if (p.epoch().equals(droppedEpoch)) {
                return false;
            }
            if (p.epoch().equals(epoch) && p.offset() <= offset) {
                return false;
            }
            epoch = p.epoch();
            offset = p.offset();
            return true;
        }
    }
}
