package dev.channels.redis;

import dev.channels.api.internal.threads.DaemonSchedulers;
import dev.channels.server.engine.Broker;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.History;
import dev.channels.server.engine.PresenceManager;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link ChannelEngine} on Redis: several server nodes that share one Redis share their channels'
 * streams (offsets, history, epochs), fan-out and presence, and can send each other control messages
 * (docs/protocol.md "Clusters"). Each node has its own engine with its own {@link #nodeId()}.
 *
 * <pre>{@code
 * ChannelEngine engine = RedisEngine.builder().uri("redis://redis.internal:6379").build();
 * ChannelServer server = ChannelServer.builder().engine(engine)...build();
 * }</pre>
 *
 * <p>What it holds: one Lettuce {@link RedisClient} (a {@link RedisClusterClient} on a Redis Cluster)
 * with its own I/O threads, one command connection and one Pub/Sub connection, both long-lived and
 * shared by every channel (on a cluster, Lettuce's connections to each node behind them; the Pub/Sub one
 * replaced when the delivery probe finds it silent); one daemon thread for the heartbeat and the probe.
 * What it keeps in Redis: see {@link RedisKeys}; the Lua scripts beside this class.
 *
 * <p>Where Redis is ({@link Builder#uri}): a single Redis, Sentinel (Lettuce follows the primary
 * through a failover: the connections drop and come back to the new primary, as after any outage),
 * or a Redis Cluster, detected at start ({@link RedisTopology}): there every channel's keys carry a
 * hash tag so that each script touches one slot, channels use sharded Pub/Sub, and a topology change
 * counts as a lost connection (see {@code connectCluster}).
 *
 * <p>Outages: when either connection drops, the engine is unavailable at once ({@link #isAvailable()}
 * false, one WARNING log line, {@link EngineListener#onConnectionLost}) and every call fails promptly
 * with {@link EngineUnavailableException} (Lettuce rejects commands while disconnected; a command
 * that gets no answer fails after the command timeout). Lettuce reconnects by itself; once both
 * connections answer, the engine subscribes this node's channels again, checks whether Redis kept its
 * data (a random instance id stored in Redis: a Redis restarted empty has none), and is available
 * again (one INFO log line, {@link EngineListener#onConnectionRestored}). Nothing is skipped silently
 * (see {@link ChannelSubscriptions}): from the moment a connection drops, each subscribed channel
 * holds its live publications, and once back reads its stream since the last offset it delivered,
 * delivers the retained ones it missed in order, then what it held, and reports the stream's top
 * ({@link EngineListener#onChannelResumed}; {@code NONE} for a channel without a stream), so the
 * server closes only the members that lost messages for good. A live publication whose offset does
 * not follow the last one delivered starts the same catch-up (without the report). The heartbeat
 * also PINGs the command connection (and the Pub/Sub one when the probe is off), so a connection that
 * stops answering without closing counts as lost. A Pub/Sub connection that answers but no longer
 * delivers is found by the {@link DeliveryProbe} ({@link Builder#probeInterval}) and goes the same way,
 * with a fresh Pub/Sub connection in its place: an open connection is never reconnected by Lettuce.
 * Needs RESP3 (Redis 6 or later): the catch-up's read goes over the Pub/Sub connection.
 *
 * <p>Threads: Lettuce's I/O threads read replies and Pub/Sub messages and complete futures (work
 * chained on them must not block); one daemon thread beats (PINGs, leases, coming back) and probes
 * (it alone replaces the Pub/Sub connection, so nothing else races to). Callbacks
 * to the {@link EngineListener}: publications and channel resumptions as {@link ChannelSubscriptions}
 * says (one channel's never overlap and come in offset order, mostly on the Pub/Sub connection's I/O
 * thread), control messages on the Pub/Sub connection's I/O thread in Redis's order, lost and
 * restored in the order of the up/down changes, each on the thread that made a change or one that
 * made a later one (a Lettuce I/O thread, the heartbeat thread, or, for a Redis Cluster's topology
 * change, a thread of Lettuce's event bus). <b>No lock of this engine is held
 * while the listener runs or while a thread waits for Redis</b>: {@code stateLock} guards only the
 * up/down state and the queue of lost/restored notices; a notice is queued under it, in the order of
 * the changes, and run after it is released, by one thread at a time ({@code notifying}), so a
 * listener may call the engine (or {@link #close}) from a callback without a lock-order inversion
 * (issue 20 case 3). Lock order: {@code stateLock}, then a {@link ChannelSubscriptions} subscription's
 * monitor ({@code suspendAll}); nothing takes them the other way round.
 *
 * <p>Differences from the in-memory engine a caller may notice: a stream lives on for up to five
 * heartbeats after its last subscriber leaves (a subscribed node renews its lease each heartbeat);
 * {@code unsubscribe} never fails for an outage; a command that timed out may still have been done
 * by Redis (the failure says "did not answer in time").
 *
 * @since 0.1.0
 */
public final class RedisEngine implements ChannelEngine {

    private static final System.Logger LOG = System.getLogger(RedisEngine.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LEASE_HEARTBEATS = 5;
    /** How many missed publications a channel's catch-up reads from its stream at most. */
    private static final int CATCH_UP_LIMIT = 10_000;

    /** Where Redis is: one URI (a single Redis, or Sentinel), or a cluster's seed nodes ({@link RedisTopology}). */
    private final List<RedisURI> seeds;
    private final String nodeId;
    private final RedisKeys keys;
    private final Duration commandTimeout;
    private final Duration heartbeat;
    private final Duration maxReconnectDelay;
    /** The delivery probe's period; zero: no probe. */
    private final Duration probeInterval;
    private final DeliveryProbe probe;
    private final ChannelSubscriptions subscriptions;
    private final RedisBroker broker;
    private final RedisPresence presence;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object stateLock = new Object();
    private boolean up;                  // guarded by stateLock; mirrored in available
    private long losses;                 // guarded by stateLock: how many times the connection was lost
    /** Lost/restored notices in the order of the changes, run outside stateLock; guarded by stateLock. At most one per change. */
    private final ArrayDeque<Runnable> notices = new ArrayDeque<>();
    private boolean notifying;           // guarded by stateLock: a thread is running notices
    private volatile boolean available;
    private volatile EngineListener listener;
    private volatile ClientResources resources;
    private volatile AbstractRedisClient client;      // a RedisClient, or a RedisClusterClient on a Redis Cluster
    private volatile boolean cluster;                  // set by start before the first command
    private volatile StatefulConnection<String, String> commands;
    /** The command connection's async API: a single Redis's, or the cluster's (routing each command by its key's slot). */
    private volatile RedisClusterAsyncCommands<String, String> commandsAsync;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile ScheduledThreadPoolExecutor scheduler;
    /** Hears a single Redis's Pub/Sub connection's messages; moved to a fresh connection when the probe replaces it. */
    private final RedisPubSubAdapter<String, String> messages = new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
            probe.activity(keys.probe(nodeId));
            onMessage(channel, message);
        }
    };
    /**
     * Hears a Redis Cluster's Pub/Sub connection (every node's, sharded messages too); moved to a fresh one like
     * {@link #messages}. A message counts as activity of the probe path of the node it came from
     * ({@link DeliveryProbe#activity}): another node's traffic says nothing about that path.
     */
    private final RedisClusterPubSubAdapter<String, String> clusterMessages = new RedisClusterPubSubAdapter<>() {
        @Override
        public void message(RedisClusterNode node, String channel, String message) {
            clusterActivity(node);
            onMessage(channel, message);
        }

        @Override
        public void smessage(RedisClusterNode node, String shardChannel, String message) {
            clusterActivity(node);
            onMessage(shardChannel, message);
        }
    };
    private final ConnectionWatcher watcher = new ConnectionWatcher();
    private String instanceId;           // owned by the thread that runs start, then the heartbeat thread
    /**
     * The probe channels: this node's one on a single Redis; on a Redis Cluster one per primary (by cluster
     * node id), each in a slot that primary serves. Written by the thread that runs start, then the heartbeat thread.
     */
    private volatile java.util.Map<String, String> probeChannels = java.util.Map.of();
    /**
     * A Redis Cluster's node connections {@link #watcher} watches, of the command connection and of the
     * Pub/Sub connection (let go when the probe replaces it); owned by the thread that runs start, then the heartbeat thread.
     */
    private final java.util.Set<StatefulConnection<String, String>> watchedNodes =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final java.util.Set<StatefulConnection<String, String>> watchedPubSubNodes =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private RedisEngine(Builder b) {
        this.seeds = b.seeds;
        this.seeds.forEach(u -> u.setTimeout(b.commandTimeout));
        this.nodeId = b.nodeId != null ? b.nodeId : "node-" + randomId();
        this.keys = new RedisKeys(b.keyPrefix);
        this.commandTimeout = b.commandTimeout;
        this.heartbeat = b.heartbeat;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.probeInterval = b.probeInterval;
        this.probe = new DeliveryProbe(nodeId, b.probeInterval.isZero() ? heartbeat : b.probeInterval);
        this.subscriptions = new ChannelSubscriptions(keys, this::deliver, new ChannelSubscriptions.Streams() {
            @Override
            public CompletableFuture<History> read(String channelId, long since) {
                return readForCatchUp(channelId, since);
            }

            @Override
            public CompletableFuture<StreamPosition> newEpochIfBehind(String channelId, String epoch, long delivered) {
                StatefulRedisPubSubConnection<String, String> p = pubsub;
                if (p == null || closed.get()) {
                    return CompletableFuture.failedFuture(new EngineUnavailableException("engine closed"));
                }
                return broker.newEpochIfBehind(cluster ? commandsAsync : p.async(), channelId, epoch, delivered);
            }
        }, this::notifyResumed);
        this.broker = new RedisBroker(this, keys, subscriptions);
        this.presence = new RedisPresence(this, keys);
    }

    /** A builder; only {@link Builder#uri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String nodeId() {
        return nodeId;
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
        return available && !closed.get();
    }

    /**
     * Connects both connections, subscribes this node's control channels and starts the heartbeat.
     *
     * @throws EngineUnavailableException when Redis cannot be reached (nothing is left running)
     */
    @Override
    public void start(EngineListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("engine already started");
        }
        this.listener = listener;
        try {
            resources = ClientResources.builder()
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(50), maxReconnectDelay, 2, TimeUnit.MILLISECONDS))
                    .build();
            ClientOptions options = ClientOptions.builder()
                    .autoReconnect(true)
                    .protocolVersion(ProtocolVersion.RESP3) // the catch-up reads streams on the Pub/Sub connection
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                    .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
                    .build();
            cluster = RedisTopology.isCluster(resources, seeds, options);
            if (cluster) {
                connectCluster(options);
            } else {
                RedisClient single = RedisClient.create(resources, seeds.get(0)); // Lettuce follows Sentinel by itself
                single.setOptions(options);
                client = single;
                StatefulRedisConnection<String, String> c = single.connect();
                commands = c;
                commandsAsync = c.async();
                pubsub = single.connectPubSub();
                pubsub.addListener(messages);
            }
            commands.addListener(watcher);
            pubsub.addListener(watcher);
            long wait = commandTimeout.toMillis();
            instanceId = commandsAsync.get(keys.instance()).get(wait, TimeUnit.MILLISECONDS);
            if (instanceId == null) {
                commandsAsync.setnx(keys.instance(), randomId()).get(wait, TimeUnit.MILLISECONDS);
                instanceId = commandsAsync.get(keys.instance()).get(wait, TimeUnit.MILLISECONDS);
            }
            subscribeNodeChannels(pubsub.async()).get(wait, TimeUnit.MILLISECONDS);
        } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            closed.set(true);
            release();
            throw new EngineUnavailableException("cannot connect to Redis at " + safeUri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.set(true);
            release();
            throw new EngineUnavailableException("interrupted while connecting to Redis at " + safeUri(), e);
        }
        synchronized (stateLock) {
            up = true;
            available = true;
        }
        ScheduledThreadPoolExecutor s = DaemonSchedulers.create(1, "channels-redis-heartbeat-" + nodeId);
        s.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (!probeInterval.isZero()) {
            s.scheduleWithFixedDelay(this::probe, probeInterval.toMillis(), probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        scheduler = s;
        LOG.log(Level.INFO, "Redis engine of node {0}: connected to {1}{2}", nodeId, safeUri(),
                cluster ? " (Redis Cluster: sharded Pub/Sub, keys hash-tagged by channel)"
                        : RedisTopology.isSentinel(seeds) ? " (Sentinel)" : "");
    }

    /**
     * On a Redis Cluster, opens the connections to every primary now (Lettuce opens a node's connection
     * on its first command, and rejects commands while a connection is not up, as the engine asks: the
     * first commands at start, or to a new primary after a failover, would be refused) and
     * watches them: a primary's connection that drops makes the engine unavailable at once, as a single
     * Redis's does (commands to it would otherwise wait for the command timeout). Runs on the thread that
     * starts the engine, then on the heartbeat thread.
     *
     * @return whether every primary that serves slots is up and connected (a failed one not yet
     *         replaced: not back yet); always true off a cluster
     */
    private boolean connectPrimaries() {
        if (!cluster) {
            return true;
        }
        StatefulRedisClusterConnection<String, String> c = (StatefulRedisClusterConnection<String, String>) commands;
        StatefulRedisClusterPubSubConnection<String, String> p = (StatefulRedisClusterPubSubConnection<String, String>) pubsub;
        boolean allUp = true;
        for (RedisClusterNode node : c.getPartitions()) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM) || node.getSlots().isEmpty()) {
                continue;
            }
            if (node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
                allUp = false;
                continue;
            }
            try {
                // by host and port: the connections Lettuce routes a slot's commands over (by node id it keeps others)
                String host = node.getUri().getHost();
                int port = node.getUri().getPort();
                StatefulConnection<String, String> command = c.getConnection(host, port);
                if (watchedNodes.add(command)) {
                    command.addListener(watcher);
                }
                StatefulConnection<String, String> sub = p.getConnection(host, port);
                if (watchedPubSubNodes.add(sub)) {
                    sub.addListener(watcher);
                }
                allUp &= command.isOpen() && sub.isOpen();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Redis Cluster node {0} does not answer: {1}", node.getUri(), e.getMessage());
                allUp = false;
            }
        }
        return allUp;
    }

    /**
     * A Redis Cluster: Lettuce's cluster client, which routes each command by its key's slot and
     * follows the topology (refreshed periodically and on MOVED/ASK, failed reconnects and the like);
     * every channel's keys in one slot ({@link RedisKeys#useHashTags}); channels on sharded Pub/Sub
     * (SSUBSCRIBE to the primary of the channel's slot, SPUBLISH from the publish script). A topology
     * change (a failover: another primary serves a slot) makes the engine unavailable until it has
     * subscribed every channel again where it is served now, and then each channel catches up from its
     * stream, as after any lost connection: a sharded subscription does not move with its slot.
     */
    private void connectCluster(ClientOptions options) {
        keys.useHashTags();
        RedisClusterClient c = RedisClusterClient.create(resources, seeds);
        c.setOptions(ClusterClientOptions.builder(options)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(heartbeat)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(heartbeat)
                        .build())
                .build());
        client = c;
        StatefulRedisClusterConnection<String, String> connection = c.connect();
        commands = connection;
        commandsAsync = connection.async();
        StatefulRedisClusterPubSubConnection<String, String> p = c.connectPubSub();
        p.addListener(clusterMessages);
        pubsub = p;
        connectPrimaries();
        resources.eventBus().get().subscribe(event -> {
            if (event instanceof ClusterTopologyChangedEvent && !closed.get()) {
                // the shard of some channels moved (a failover): subscribe them again where they are served now
                markDown(new EngineUnavailableException("Redis Cluster topology changed"));
                ScheduledThreadPoolExecutor s = scheduler;
                if (s != null && !s.isShutdown()) {
                    s.execute(this::tryRestore);
                }
            }
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (stateLock) {
            up = false;
            available = false;
        }
        ScheduledThreadPoolExecutor s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
        release();
        LOG.log(Level.INFO, "Redis engine of node {0}: closed", nodeId);
    }

    private void release() {
        try {
            if (pubsub != null) {
                pubsub.close();
            }
            if (commands != null) {
                commands.close();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing Redis connections", e);
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------------------------ calls

    /** Runs a command when the engine is up; its failures come back in the SPI's terms. */
    <T> CompletableFuture<T> call(String what, Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        CompletableFuture<T> refused = refusal(what);
        if (refused != null) {
            return refused;
        }
        return relay(what, () -> command.apply(commandsAsync));
    }

    /** Like {@link #call} on the Pub/Sub connection. */
    <T> CompletableFuture<T> callPubSub(String what, Function<RedisPubSubAsyncCommands<String, String>, CompletionStage<T>> command) {
        CompletableFuture<T> refused = refusal(what);
        if (refused != null) {
            return refused;
        }
        return relay(what, () -> command.apply(pubsub.async()));
    }

    /** Runs local bookkeeping that works while Redis is down; refused only before start and after close. */
    CompletableFuture<Void> callLocal(Runnable work) {
        if (closed.get() || !started.get()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(closed.get() ? "engine closed" : "engine not started"));
        }
        work.run();
        return CompletableFuture.completedFuture(null);
    }

    RedisPubSubAsyncCommands<String, String> pubSubCommands() {
        return pubsub.async();
    }

    private <T> CompletableFuture<T> refusal(String what) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("engine closed: " + what));
        }
        if (!started.get()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("engine not started: " + what));
        }
        if (!available) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(
                    "Redis at " + safeUri() + " is unreachable: " + what + " refused until the engine reconnects"));
        }
        return null;
    }

    private static <T> CompletableFuture<T> relay(String what, java.util.function.Supplier<CompletionStage<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            command.get().whenComplete((v, e) -> {
                if (e == null) {
                    result.complete(v);
                } else {
                    result.completeExceptionally(Failures.translate(e, what));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(Failures.translate(e, what));
        }
        return result;
    }

    // ------------------------------------------------------------------------------------ Pub/Sub

    private void onMessage(String channel, String message) {
        if (keys.channelOf(channel) != null) {
            subscriptions.deliver(channel, message);
        } else if (channel.equals(keys.node(nodeId)) || channel.equals(keys.allNodes())) {
            tell("onControl", null, l -> l.onControl(message));
        } else if (channel.equals(keys.probe(nodeId)) || probeChannels.containsValue(channel)) {
            probe.received(channel, message);
        }
    }

    /** A message on a Redis Cluster's Pub/Sub connection from {@code node} (null: not known): activity of the probe's path? */
    private void clusterActivity(RedisClusterNode node) {
        String path = node == null ? null : probeChannels.get(node.getNodeId());
        if (path != null) {
            probe.activity(path);
        }
    }

    /**
     * The probe channels for the current topology ({@link #probeChannels}) and the probe's paths: on a
     * Redis Cluster, for each primary that serves slots, {@code {nodes}:probe.<nodeId>} when it serves the
     * {@code {nodes}} slot, else {@code {nodes-<i>}:probe.<nodeId>} with the first {@code i} whose slot it
     * serves (a few tries: slots hash evenly). A primary none of whose names lands on it (a key prefix
     * with braces puts every name in one slot) is not probed. Thread that runs start, then the heartbeat thread.
     */
    private void refreshProbeChannels() {
        java.util.Map<String, String> byNode = new java.util.HashMap<>();
        if (cluster) {
            for (RedisClusterNode node : ((StatefulRedisClusterConnection<String, String>) commands).getPartitions()) {
                if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM) || node.getSlots().isEmpty()) {
                    continue;
                }
                String channel = keys.probe(nodeId);
                for (int i = 0; i < 10_000 && !node.hasSlot(SlotHash.getSlot(channel)); i++) {
                    channel = keys.probe(nodeId, "nodes-" + i);
                }
                if (node.hasSlot(SlotHash.getSlot(channel))) {
                    byNode.put(node.getNodeId(), channel);
                }
            }
        }
        if (byNode.isEmpty()) {
            byNode.put("", keys.probe(nodeId));
        }
        probeChannels = java.util.Map.copyOf(byNode);
        probe.paths(new java.util.HashSet<>(byNode.values()));
    }

    /** The probe channels of the current topology (a test looks at them). */
    java.util.Collection<String> probeChannels() {
        return probeChannels.values();
    }

    /**
     * Subscribes this node's control and probe channels ({@link #nodeChannels}): SUBSCRIBE on a single Redis,
     * SSUBSCRIBE on a Redis Cluster (all in the {@code {nodes}} slot, so on one shard: the one where every
     * control SPUBLISH and probe runs).
     */
    private CompletableFuture<Void> subscribeNodeChannels(RedisPubSubAsyncCommands<String, String> p) {
        refreshProbeChannels();
        if (!cluster) {
            return p.subscribe(nodeChannels()).toCompletableFuture();
        }
        // one SSUBSCRIBE per slot: the control channels ({nodes}, with the probe of that shard), then each other shard's probe
        List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
        all.add(p.ssubscribe(nodeChannels()).toCompletableFuture());
        for (String channel : probeChannels.values()) {
            if (!channel.equals(keys.probe(nodeId))) {
                all.add(p.ssubscribe(channel).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void deliver(Publication publication) {
        tell("onPublication", publication.channelId(), l -> l.onPublication(publication));
    }

    /** A catch-up's stream read, over the Pub/Sub connection so that its reply comes in order with the publications. */
    private CompletableFuture<History> readForCatchUp(String channelId, long since) {
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        if (p == null || closed.get()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("engine closed"));
        }
        // on a cluster the read goes to the channel's slot over the command connection: the Pub/Sub connection's
        // default node need not serve it (the catch-up does not rely on the order: it drops what it delivered)
        return broker.readStream(cluster ? commandsAsync : p.async(), channelId, since, CATCH_UP_LIMIT);
    }

    private void notifyResumed(String channelId, StreamPosition top) {
        tell("onChannelResumed", channelId, l -> l.onChannelResumed(channelId, top));
    }

    // ------------------------------------------------------------------------------------ up and down

    private void markDown(Throwable cause) {
        markDown(cause, "Redis engine of node {0}: lost Redis at {1} ({2}); calls fail until it is back");
    }

    /** Down: the engine refuses calls, its channels will catch up; {@code warning} (with {0} node, {1} URI, {2} cause) is logged once. */
    private void markDown(Throwable cause, String warning) {
        if (closed.get()) {
            return;
        }
        synchronized (stateLock) {
            losses++;
            if (!up) {
                return;
            }
            up = false;
            available = false;
            subscriptions.suspendAll(); // live publications wait until each channel has caught up from its stream
            notices.add(() -> {
                LOG.log(Level.WARNING, warning, nodeId, safeUri(), cause.getMessage());
                notifyLost(cause);
            });
        }
        runNotices();
    }

    /**
     * Runs the queued lost/restored notices, outside {@code stateLock}, unless another thread is
     * running them: that one runs this thread's notice too, after its own, so they keep the order of
     * the changes.
     */
    private void runNotices() {
        while (true) {
            Runnable next;
            synchronized (stateLock) {
                if (notifying || (next = notices.poll()) == null) {
                    return;
                }
                notifying = true;
            }
            try {
                next.run();
            } finally {
                synchronized (stateLock) {
                    notifying = false;
                }
            }
        }
    }

    /** On the heartbeat thread: once both connections answer, resubscribe and become available. */
    private void tryRestore() {
        long lossesBefore;
        synchronized (stateLock) {
            if (up || closed.get()) {
                return;
            }
            lossesBefore = losses;
        }
        StatefulConnection<String, String> c = commands;
        RedisClusterAsyncCommands<String, String> ca = commandsAsync;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        if (!c.isOpen() || !p.isOpen()) {
            return;
        }
        boolean dataLost;
        try {
            long wait = commandTimeout.toMillis();
            // first (no waiting on a dead node): a Redis Cluster's primaries, a new one after a failover too
            if (!connectPrimaries()) {
                LOG.log(Level.DEBUG, "Redis engine of node {0}: not back yet: a cluster primary is down", nodeId);
                return;
            }
            ca.ping().get(wait, TimeUnit.MILLISECONDS);
            try {
                p.async().ping().get(wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // open, the command connection answers, but this one does not: nothing would ever close it
                // (so Lettuce would never reconnect it); a fresh one replaces it, the next heartbeat tries again
                replacePubSub();
                throw e;
            }
            String instance = ca.get(keys.instance()).get(wait, TimeUnit.MILLISECONDS);
            dataLost = !Objects.equals(instance, instanceId);
            if (dataLost) {
                ca.setnx(keys.instance(), randomId()).get(wait, TimeUnit.MILLISECONDS);
                instanceId = ca.get(keys.instance()).get(wait, TimeUnit.MILLISECONDS);
            }
            subscribeNodeChannels(p.async()).get(wait, TimeUnit.MILLISECONDS);
            subscriptions.resubscribeAll(p.async()).get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Redis engine of node {0}: not back yet: {1}", nodeId, e.getMessage());
            return;
        }
        synchronized (stateLock) {
            if (up || closed.get() || losses != lossesBefore) {
                return; // lost again meanwhile: the next heartbeat tries again
            }
            up = true;
            available = true;
            probe.reset();
            notices.add(() -> {
                LOG.log(Level.INFO, "Redis engine of node {0}: Redis at {1} is back{2}", nodeId, safeUri(),
                        dataLost ? " without its data: streams start over with new epochs" : "");
                notifyRestored(dataLost);
                subscriptions.catchUpAll(); // each channel: what it missed from its stream, then onChannelResumed
            });
        }
        runNotices();
    }

    /** The Pub/Sub channels of this node: its control messages, every node's, and its delivery probe. */
    private String[] nodeChannels() {
        return new String[] {keys.node(nodeId), keys.allNodes(), keys.probe(nodeId)};
    }

    /**
     * Every probe interval, on the heartbeat thread ({@link DeliveryProbe}): send a probe, or find that the
     * last one never came back, and then repair: down (one WARNING line, readiness false, each channel
     * waits for its catch-up), a fresh Pub/Sub connection, and back as after a lost connection.
     */
    private void probe() {
        try {
            if (!available || closed.get()) {
                probe.reset(); // the outage path has the connections in hand
                return;
            }
            switch (probe.tick(System.nanoTime())) {
                case SEND -> {
                    long seq = probe.sent();
                    String payload = probe.payload();
                    RedisClusterAsyncCommands<String, String> redis = commandsAsync;
                    // sharded on a cluster, as the probe channels are subscribed: one per shard
                    List<CompletableFuture<Long>> sends = probeChannels.values().stream()
                            .map(channel -> (cluster ? redis.spublish(channel, payload) : redis.publish(channel, payload)).toCompletableFuture())
                            .toList();
                    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                        if (e == null) {
                            probe.published(seq);
                        } else {
                            probe.forget(seq); // not published: the heartbeat's PING finds a lost command connection
                        }
                    });
                }
                case WAIT -> {
                }
                case SILENT -> {
                    long silentMs = probe.lastSilence().toMillis();
                    markDown(new EngineUnavailableException("a delivery probe did not come back within " + silentMs + " ms"),
                            "Redis engine of node {0}: its Pub/Sub subscription at {1} went silent ({2}); "
                                    + "reconnecting it, then every channel catches up from its stream");
                    if (replacePubSub()) {
                        tryRestore();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis engine delivery probe failed", e);
        }
    }

    /**
     * On the heartbeat thread: a fresh Pub/Sub connection in place of one that is open but silent (Lettuce
     * would never reconnect it). The old one is let go without telling the watcher (the engine is down
     * already) and closed; commands still waiting on it fail. Subscribing is left to {@link #tryRestore}.
     */
    private boolean replacePubSub() {
        StatefulRedisPubSubConnection<String, String> old = pubsub;
        StatefulRedisPubSubConnection<String, String> fresh;
        try {
            // on a cluster the cluster client's: a connection per node behind it, watched by connectPrimaries
            fresh = cluster ? ((RedisClusterClient) client).connectPubSub() : ((RedisClient) client).connectPubSub();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis engine of node {0}: no fresh Pub/Sub connection yet: {1}", nodeId, e.getMessage());
            return false;
        }
        if (cluster) {
            ((StatefulRedisClusterPubSubConnection<String, String>) fresh).addListener(clusterMessages);
        } else {
            fresh.addListener(messages);
        }
        fresh.addListener(watcher);
        old.removeListener(watcher);
        if (cluster) {
            ((StatefulRedisClusterPubSubConnection<String, String>) old).removeListener(clusterMessages);
            for (StatefulConnection<String, String> nc : watchedPubSubNodes) {
                nc.removeListener(watcher); // closed with the old connection: not an outage
            }
            watchedPubSubNodes.clear();
        } else {
            old.removeListener(messages);
        }
        pubsub = fresh;
        old.closeAsync();
        probe.reset();
        if (closed.get()) {
            fresh.closeAsync(); // closed meanwhile: release() may have closed the old one only
        }
        LOG.log(Level.DEBUG, "Redis engine of node {0}: replaced its Pub/Sub connection", nodeId);
        return true;
    }

    /**
     * How many times the delivery probe found this node's Pub/Sub subscription silent (and repaired it);
     * published as {@code channels.server.engine.delivery.stalls}.
     */
    @Override
    public long deliveryStalls() {
        return probe.stalls();
    }

    /** How long a subscribed node's heartbeat keeps a stream alive: {@code LEASE_HEARTBEATS} heartbeats. */
    long leaseMillis() {
        return heartbeat.toMillis() * LEASE_HEARTBEATS;
    }

    /** Every heartbeat: check both connections answer, renew the streams of subscribed channels, or try to come back. */
    private void beat() {
        try {
            if (!available) {
                tryRestore();
                return;
            }
            long wait = commandTimeout.toMillis();
            try {
                commandsAsync.ping().get(wait, TimeUnit.MILLISECONDS);
                if (probeInterval.isZero()) {
                    // with the probe on, the probe judges the Pub/Sub connection (delivery, not just an answer to PING),
                    // and this thread is not held up to a command timeout by a silent one
                    pubsub.async().ping().get(wait, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                markDown(e);
                return;
            }
            subscriptions.catchUpAll(); // a catch-up whose stream read failed while connected tries again
            long lease = leaseMillis();
            RedisClusterAsyncCommands<String, String> redis = commandsAsync;
            for (String channelId : subscriptions.channels()) {
                redis.pexpire(keys.meta(channelId), lease, ExpireArgs.Builder.gt());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis engine heartbeat failed", e);
        }
    }

    private void notifyLost(Throwable cause) {
        tell("onConnectionLost", null, l -> l.onConnectionLost(cause));
    }

    private void notifyRestored(boolean dataLost) {
        tell("onConnectionRestored", null, l -> l.onConnectionRestored(dataLost));
    }

    /**
     * Makes one call into the listener on the calling engine thread ({@link EngineListener#tell}): a
     * listener that fails is logged and goes no further, so the thread that called (Lettuce's event
     * loop, the heartbeat) carries on with the next event.
     */
    private void tell(String callback, String channelId, Consumer<EngineListener> call) {
        EngineListener.tell(listener, callback, channelId, call);
    }

    /** Lettuce's view of both connections: a drop makes the engine unavailable, a reconnect starts its return. */
    private final class ConnectionWatcher implements RedisConnectionStateListener {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            markDown(new EngineUnavailableException("connection to Redis at " + safeUri() + " closed"));
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            ScheduledThreadPoolExecutor s = scheduler;
            if (s != null && !s.isShutdown()) {
                s.execute(RedisEngine.this::tryRestore);
            }
        }
    }

    // ------------------------------------------------------------------------------------ support

    /** The URI without its password, for log lines and messages. */
    private String safeUri() {
        return RedisTopology.describe(seeds);
    }

    static String randomId() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    /**
     * Builds a {@link RedisEngine}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private List<RedisURI> seeds;
        private String nodeId;
        private String keyPrefix = "channels:";
        private Duration commandTimeout = Duration.ofSeconds(5);
        private Duration heartbeat = Duration.ofSeconds(3);
        private Duration maxReconnectDelay = Duration.ofSeconds(5);
        private Duration probeInterval = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * Where Redis is, as Lettuce reads it: {@code redis://[[user:]password@]host[:port][/db]},
         * {@code rediss://...} for TLS, {@code redis-socket:///path}; Sentinel:
         * {@code redis-sentinel://[password@]host:port,host:port,...[/db]#masterId} (Lettuce asks the
         * sentinels for the primary on each connect and follows a failover); a Redis Cluster: the
         * {@code redis://} URI of any node in cluster mode (detected at start), or several seed nodes,
         * {@code redis://host:port,host:port,...}. Required.
         */
        public Builder uri(String uri) {
            this.seeds = RedisTopology.parse(uri);
            return this;
        }

        /** Where Redis is, as a Lettuce {@link RedisURI} (its timeout is replaced by {@link #commandTimeout}). */
        public Builder uri(RedisURI uri) {
            this.seeds = List.of(Objects.requireNonNull(uri, "uri"));
            return this;
        }

        /** This node's id, unique among the nodes sharing the Redis; default: random. No tabs or line breaks. */
        public Builder nodeId(String nodeId) {
            Objects.requireNonNull(nodeId, "nodeId");
            if (nodeId.isBlank() || nodeId.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("node id must be non-blank, without tabs or line breaks: " + nodeId);
            }
            this.nodeId = nodeId;
            return this;
        }

        /** The prefix of every key and Pub/Sub channel, so applications can share a Redis; default {@code channels:}. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** How long a command may take before it fails as unavailable; default 5 s. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = positive(commandTimeout, "commandTimeout");
            return this;
        }

        /**
         * How often the engine PINGs Redis, renews the streams of subscribed channels (each for five
         * heartbeats) and, while Redis is away, tries to come back; default 3 s.
         */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = positive(heartbeat, "heartbeat");
            return this;
        }

        /** The longest wait between reconnect attempts (they back off exponentially from 50 ms); default 5 s. */
        public Builder maxReconnectDelay(Duration maxReconnectDelay) {
            this.maxReconnectDelay = positive(maxReconnectDelay, "maxReconnectDelay");
            return this;
        }

        /**
         * How often the engine proves that its Pub/Sub subscription delivers: it publishes a probe to a
         * Pub/Sub channel of its own and must receive it back before the next one; a subscription found
         * silent (at most two intervals after it went silent) is reported and repaired: the engine is
         * unavailable meanwhile (readiness false), logs one WARNING line, counts it
         * ({@link RedisEngine#deliveryStalls()}), opens a fresh Pub/Sub connection and catches every channel
         * up from its stream. Default 2 s; {@link Duration#ZERO} turns the probe off.
         */
        public Builder probeInterval(Duration probeInterval) {
            Objects.requireNonNull(probeInterval, "probeInterval");
            if (probeInterval.isNegative()) {
                throw new IllegalArgumentException("probeInterval must not be negative: " + probeInterval);
            }
            this.probeInterval = probeInterval;
            return this;
        }

        /** A new, unstarted engine. */
        public RedisEngine build() {
            if (seeds == null) {
                throw new IllegalStateException("uri is required");
            }
            return new RedisEngine(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
