package dev.channels.redis;

import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This node's channel subscriptions: how many times each channel is subscribed (one Redis SUBSCRIBE
 * while the count is above zero), and, per channel, the stream position last delivered, so that a
 * publication that does not follow it (an offset gap) is reported instead of passed on silently.
 *
 * <p>Threads: {@link #subscribe}/{@link #unsubscribe} run on any caller's thread; the count changes,
 * and the SUBSCRIBE/UNSUBSCRIBE commands are sent, inside the map's {@code compute} for the channel,
 * so the commands of one channel reach Redis in the order of the calls. {@link #deliver} runs on the
 * Pub/Sub connection's I/O thread (one at a time, in Redis's order); each {@link Subscription}'s
 * position fields are guarded by its monitor, held only to compare and update them.
 */
final class ChannelSubscriptions {

    private static final System.Logger LOG = System.getLogger(ChannelSubscriptions.class.getName());

    private final Map<String, Subscription> byChannel = new ConcurrentHashMap<>();
    private final RedisKeys keys;
    private final Consumer<Publication> deliver;
    private final BiConsumer<String, String> gap;

    /**
     * @param deliver called with each publication to pass on, in order
     * @param gap     called with a channel id and a description when a publication does not follow the last one
     */
    ChannelSubscriptions(RedisKeys keys, Consumer<Publication> deliver, BiConsumer<String, String> gap) {
        this.keys = keys;
        this.deliver = deliver;
        this.gap = gap;
    }

    /** One more subscription of {@code channelId}; completes when Redis has confirmed the SUBSCRIBE. */
    CompletableFuture<Void> subscribe(String channelId, RedisPubSubAsyncCommands<String, String> pubsub) {
        Subscription[] joined = new Subscription[1];
        byChannel.compute(channelId, (id, sub) -> {
            Subscription s = sub;
            if (s == null) {
                s = new Subscription(pubsub.subscribe(keys.pubSub(id)).toCompletableFuture().thenApply(v -> null));
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
                pubsub.unsubscribe(keys.pubSub(id)); // failure is harmless: delivery is already off here
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
        String[] all = byChannel.keySet().stream().map(keys::pubSub).toArray(String[]::new);
        if (all.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return pubsub.subscribe(all).toCompletableFuture().thenApply(v -> null);
    }

    /** Forgets every channel's last position: after a lost connection, the next publication starts afresh. */
    void resetPositions() {
        byChannel.values().forEach(s -> {
            synchronized (s) {
                s.epoch = null;
            }
        });
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

    /** A message from Pub/Sub channel {@code pubSubChannel}: decode, check its position, pass it on. */
    void deliver(String pubSubChannel, String payload) {
        String channelId = pubSubChannel.substring(keys.pubSubPrefix().length());
        Subscription sub = byChannel.get(channelId);
        if (sub == null) {
            return; // unsubscribed meanwhile
        }
        Publication publication = decode(channelId, payload);
        if (publication == null) {
            LOG.log(Level.WARNING, "ignored a Pub/Sub message on {0} that the engine did not publish", pubSubChannel);
            return;
        }
        String problem;
        synchronized (sub) {
            if (sub.count == 0) {
                return;
            }
            problem = sub.advance(publication.position());
        }
        if (Subscription.DROP.equals(problem)) {
            return;
        }
        if (problem != null) {
            gap.accept(channelId, problem);
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

    /** One channel's subscription count and delivery position. */
    private static final class Subscription {
        static final String DROP = "drop";

        final CompletableFuture<Void> ready;
        int count;              // guarded by this
        String epoch;           // last delivered position, null: none yet; guarded by this
        long offset;            // guarded by this
        String droppedEpoch;    // a removed stream's epoch; guarded by this

        Subscription(CompletableFuture<Void> ready) {
            this.ready = ready;
        }

        /** Moves to {@code p}; returns null when it follows, {@link #DROP} to skip it, or what is wrong. */
        String advance(StreamPosition p) {
            if (!p.inStream()) {
                return null;
            }
            if (p.epoch().equals(droppedEpoch)) {
                return DROP;
            }
            String problem = null;
            if (epoch != null && epoch.equals(p.epoch())) {
                if (p.offset() <= offset) {
                    return DROP; // already delivered
                }
                if (p.offset() != offset + 1) {
                    problem = "offsets " + (offset + 1) + " to " + (p.offset() - 1) + " of epoch " + epoch + " never arrived";
                }
            } else if (epoch != null && p.offset() != 1) {
                problem = "the stream changed from epoch " + epoch + " (at offset " + offset + ") to epoch "
                        + p.epoch() + " at offset " + p.offset();
            }
            epoch = p.epoch();
            offset = p.offset();
            return problem;
        }
    }
}
