package dev.channels.redis;

import dev.channels.server.engine.Broker;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.History;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import dev.channels.server.engine.StreamPosition;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Broker} on Redis. A publication with a stream is one Lua script ({@code publish.lua}):
 * the channel's next offset (HINCRBY on its meta hash), the entry appended to its Redis stream (XADD
 * with an exact MAXLEN; entries older than the TTL trimmed; the keys' TTL renewed) and the PUBLISH of
 * {@code offset:epoch:data}, all atomic, so offsets are global per channel across nodes and history
 * and fan-out never disagree (on a Redis Cluster the channel's keys share a slot and the script uses
 * SPUBLISH, sharded Pub/Sub). A publication without a stream is a plain PUBLISH (SPUBLISH on a cluster).
 * History is XRANGE ({@code history.lua}), a read from the newest end XREVRANGE with COUNT
 * ({@code history-before.lua}). Control messages are PUBLISHed (SPUBLISHed on a cluster) to the node's
 * channel or to all nodes'.
 *
 * <p>Stateless apart from final fields; thread-safe. Futures complete on Lettuce I/O threads.
 */
final class RedisBroker implements Broker {

    private static final LuaScript PUBLISH = LuaScript.load("publish");
    /** {@link #PUBLISH} on a Redis Cluster: SPUBLISH to the channel's shard. */
    private static final LuaScript SPUBLISH = PUBLISH.sharded();
    private static final LuaScript HISTORY = LuaScript.load("history");
    private static final LuaScript HISTORY_BEFORE = LuaScript.load("history-before");
    private static final LuaScript REMOVE = LuaScript.load("remove-stream");
    private static final LuaScript NEW_EPOCH = LuaScript.load("new-epoch");

    private final RedisEngine engine;
    private final RedisKeys keys;
    private final ChannelSubscriptions subscriptions;

    RedisBroker(RedisEngine engine, RedisKeys keys, ChannelSubscriptions subscriptions) {
        this.engine = engine;
        this.keys = keys;
        this.subscriptions = subscriptions;
    }

    /** Like {@link #publish(String, String, StreamOptions, String)} with a fresh random id: each call is one publication. */
    @Override
    public CompletableFuture<StreamPosition> publish(String channelId, String data, StreamOptions stream) {
        return publish(channelId, data, stream, RedisEngine.randomId() + RedisEngine.randomId());
    }

    /**
     * Exactly once: the script ({@code publish.lua}) keeps the ids of the channel's last 1,000
     * publications (for the stream's TTL, in the channel's hash slot) and answers a known id whose stored
     * publication has the same data with the first one's position, storing and publishing nothing. So a command Lettuce sends again after a
     * reconnect (it re-sends what got no answer, and Redis may have run it before the connection
     * dropped) is stored and delivered once.
     */
    @Override
    public CompletableFuture<StreamPosition> publish(String channelId, String data, StreamOptions stream, String publishId) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(publishId, "publishId");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(stream, "stream");
        if (!stream.enabled()) {
            return engine.call("publish to " + channelId,
                    redis -> keys.isHashTagged()
                            ? redis.spublish(keys.pubSub(channelId), ChannelSubscriptions.encode(StreamPosition.NONE, data))
                            : redis.publish(keys.pubSub(channelId), ChannelSubscriptions.encode(StreamPosition.NONE, data)))
                    .thenApply(receivers -> StreamPosition.NONE);
        }
        // on a cluster the three keys and the Pub/Sub channel carry the channel's hash tag: one slot (RedisKeys)
        return engine.<List<Object>>call("publish to " + channelId, redis -> (keys.isHashTagged() ? SPUBLISH : PUBLISH).run(redis, ScriptOutputType.MULTI,
                        new String[] {keys.stream(channelId), keys.meta(channelId), keys.publishIds(channelId)},
                        keys.pubSub(channelId), data, Integer.toString(stream.historySize()),
                        Long.toString(ttlMillis(stream)), RedisEngine.randomId(), Long.toString(engine.leaseMillis()), publishId))
                .thenApply(reply -> new StreamPosition((Long) reply.get(0), (String) reply.get(1)));
    }

    @Override
    public CompletableFuture<Void> subscribe(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return engine.callPubSub("subscribe to " + channelId, pubsub -> subscriptions.subscribe(channelId, pubsub));
    }

    /**
     * Never fails for an unreachable Redis: delivery of {@code channelId} stops here at once, and Redis
     * is told when it can be (a channel resubscribed by a reconnect meanwhile is dropped on arrival).
     */
    @Override
    public CompletableFuture<Void> unsubscribe(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return engine.callLocal(() -> subscriptions.unsubscribe(channelId, engine.pubSubCommands()));
    }

    @Override
    public CompletableFuture<History> history(String channelId, long since, int limit, StreamOptions stream) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(stream, "stream");
        if (since < 0 || limit < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "since and limit must not be negative: " + since + ", " + limit));
        }
        return engine.<List<Object>>call("history of " + channelId, redis -> HISTORY.run(redis, ScriptOutputType.MULTI,
                        streamKeys(channelId), Long.toString(since), Integer.toString(limit),
                        Long.toString(stream.enabled() ? ttlMillis(stream) : 0), RedisEngine.randomId(),
                        Long.toString(engine.leaseMillis())))
                .thenApply(reply -> history(channelId, reply));
    }

    /**
     * One script ({@code history-before.lua}): XREVRANGE from the entry below {@code before} (or the newest)
     * with COUNT {@code limit}, so a "load older" page costs {@code limit} entries however long the stream.
     */
    @Override
    public CompletableFuture<History> historyBefore(String channelId, long before, int limit, StreamOptions stream) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(stream, "stream");
        if (before < 0 || limit < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "before and limit must not be negative: " + before + ", " + limit));
        }
        return engine.<List<Object>>call("history before " + before + " of " + channelId, redis -> HISTORY_BEFORE.run(redis,
                        ScriptOutputType.MULTI, streamKeys(channelId), Long.toString(before), Integer.toString(limit),
                        Long.toString(stream.enabled() ? ttlMillis(stream) : 0), RedisEngine.randomId(),
                        Long.toString(engine.leaseMillis())))
                .thenApply(reply -> {
                    History newestFirst = history(channelId, reply);
                    List<Publication> oldestFirst = new ArrayList<>(newestFirst.publications());
                    java.util.Collections.reverse(oldestFirst);
                    return new History(newestFirst.top(), oldestFirst);
                });
    }

    /**
     * Reads the stream of {@code channelId} over {@code redis} as {@link #history} does with
     * {@link StreamOptions#OFF}: never creating, trimming or renewing it (a catch-up after a gap or a
     * lost connection, on the Pub/Sub connection). Fails as Lettuce does; the caller tries again later.
     */
    CompletableFuture<History> readStream(RedisClusterAsyncCommands<String, String> redis, String channelId, long since, int limit) {
        return HISTORY.<List<Object>>run(redis, ScriptOutputType.MULTI, streamKeys(channelId), Long.toString(since),
                        Integer.toString(limit), "0", RedisEngine.randomId(), Long.toString(engine.leaseMillis()))
                .thenApply(reply -> history(channelId, reply));
    }

    /**
     * Gives the stream of {@code channelId} a new epoch when it is still at {@code epoch} and its top
     * is below {@code delivered} (it went back in time: Redis restored from an older snapshot);
     * completes with the stream's position after that ({@link StreamPosition#NONE} for no stream).
     */
    CompletableFuture<StreamPosition> newEpochIfBehind(RedisClusterAsyncCommands<String, String> redis, String channelId,
                                                       String epoch, long delivered) {
        return NEW_EPOCH.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {keys.meta(channelId)},
                        epoch, Long.toString(delivered), RedisEngine.randomId())
                .thenApply(reply -> {
                    String e = (String) reply.get(0);
                    return e == null || e.isEmpty() ? StreamPosition.NONE : new StreamPosition((Long) reply.get(1), e);
                });
    }

    @SuppressWarnings("unchecked")
    private static History history(String channelId, List<Object> reply) {
        String epoch = (String) reply.get(0);
        if (epoch == null || epoch.isEmpty()) {
            return new History(StreamPosition.NONE, List.of());
        }
        StreamPosition top = new StreamPosition((Long) reply.get(1), epoch);
        List<Publication> publications = new ArrayList<>();
        for (Object e : (List<Object>) reply.get(2)) {
            List<Object> entry = (List<Object>) e;
            String id = (String) entry.get(0);
            List<Object> fields = (List<Object>) entry.get(1);
            long offset = Long.parseLong(id, 0, id.indexOf('-'), 10);
            publications.add(new Publication(channelId, new StreamPosition(offset, epoch), (String) fields.get(1)));
        }
        return new History(top, publications);
    }

    @Override
    public CompletableFuture<StreamPosition> position(String channelId, StreamOptions stream) {
        return history(channelId, 0, 0, stream).thenApply(History::top);
    }

    @Override
    public CompletableFuture<Void> removeStream(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return engine.<String>call("remove the stream of " + channelId,
                        redis -> REMOVE.run(redis, ScriptOutputType.VALUE, streamKeys(channelId)))
                .thenAccept(epoch -> subscriptions.dropEpoch(channelId, epoch));
    }

    /**
     * PUBLISHes {@code data} on the node's control channel. Never lost without a word: a message to one
     * node that Redis handed to no subscriber (that node is cut off from Redis, or gone) fails with
     * {@link EngineUnavailableException}, as does one this node cannot send; the caller reports it
     * (a 503 to the client that caused it). A message to every node is received by the nodes connected
     * now; a node cut off meanwhile resynchronises when it is back (its channels catch up from their
     * streams, members that lost messages for good are closed).
     */
    @Override
    public CompletableFuture<Void> sendControl(String nodeId, String data) {
        Objects.requireNonNull(data, "data");
        String target = nodeId == null ? keys.allNodes() : keys.node(nodeId);
        // on a cluster SPUBLISH to the {nodes} shard, where every node SSUBSCRIBEs its control channels: its
        // receiver count is then exact (a plain PUBLISH would count only the subscribers of the node that ran it)
        return engine.<Long>call("control message to " + (nodeId == null ? "all nodes" : nodeId),
                redis -> keys.isHashTagged() ? redis.spublish(target, data) : redis.publish(target, data)).thenCompose(receivers -> {
                    if (nodeId != null && receivers == 0) {
                        return CompletableFuture.failedFuture(new EngineUnavailableException(
                                "node " + nodeId + " is not connected to Redis: control message not delivered"));
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }

    private String[] streamKeys(String channelId) {
        return new String[] {keys.stream(channelId), keys.meta(channelId)};
    }

    private static long ttlMillis(StreamOptions stream) {
        return Math.max(1, stream.historyTtl().toMillis());
    }
}
