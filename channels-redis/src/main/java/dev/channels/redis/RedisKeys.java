package dev.channels.redis;

/**
 * The names of everything the engine keeps in Redis, all under one prefix so that several
 * applications can share a Redis.
 *
 * <p>On a Redis Cluster ({@link #hashTagged}) every per-channel name carries the channel id as a
 * hash tag, {@code {C}} in place of {@code C} (e.g. {@code channels:stream.{room-1}}), so that all the
 * keys of one channel and its sharded Pub/Sub channel hash to one slot: each script touches one slot
 * and stays atomic, and {@code SPUBLISH} from the publish script goes to the shard that holds the
 * stream. Per-client keys ({@code presence.c.{<clientId>}}) and {@code instance} are single keys and
 * are only ever touched alone; the nodes' control channels (sharded Pub/Sub on a cluster, so that
 * every node's subscription is on the one shard that runs the SPUBLISH, whose receiver count is then
 * exact) share the tag {@code {nodes}} ({@code channels:{nodes}.<nodeId>}, {@code channels:{nodes}}). On a single Redis (or behind Sentinel) names stay as they were, so
 * nodes of an earlier version sharing that Redis still meet the same keys and channels. A prefix
 * that contains braces itself is the user's hash tag (every key in one slot) and is kept as is. Per channel {@code C}: {@code stream.C} (a Redis stream of the
 * retained publications, ids {@code <offset>-0}), {@code meta.C} (a hash: epoch and top offset), {@code ids.C}
 * (the ids of its recent publications, for exactly-once publishing), {@code presence.z.C} / {@code presence.h.C} / {@code presence.j.C} (a sorted set of member
 * expiries, a hash of member details, and the join order: a sorted set of join entries, see
 * {@link RedisPresence}), Pub/Sub channel {@code pub.C}; per client: {@code presence.c.<clientId>} (its channel, for
 * routing); per node: Pub/Sub channels {@code node.<nodeId>} and {@code probe.<nodeId>} (its
 * {@link DeliveryProbe}; on a cluster sharded, one per primary: {@code {nodes}:probe.<nodeId>} and
 * {@code {nodes-<i>}:probe.<nodeId>}), and {@code nodes} for all; and
 * {@code instance}, the random id that tells whether Redis lost its data. Immutable once the engine has started.
 */
final class RedisKeys {

    private final String prefix;
    /** Set once, by the engine's start before its first command, when Redis turns out to be a cluster. */
    private volatile boolean tagged;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** From now on, names for a Redis Cluster: each channel's names carry the channel id as a hash tag. */
    void useHashTags() {
        tagged = true;
    }

    boolean isHashTagged() {
        return tagged;
    }

    /** How {@code id} appears in a per-channel (or per-client) name. */
    private String tag(String id) {
        return tagged ? "{" + id + "}" : id;
    }

    /** The channel id of Pub/Sub channel {@code pubSubChannel} ({@link #pubSub}); null for another channel. */
    String channelOf(String pubSubChannel) {
        String p = pubSubPrefix();
        if (!pubSubChannel.startsWith(p)) {
            return null;
        }
        if (!tagged) {
            return pubSubChannel.substring(p.length());
        }
        if (pubSubChannel.length() < p.length() + 2 || pubSubChannel.charAt(p.length()) != '{'
                || !pubSubChannel.endsWith("}")) {
            return null;
        }
        return pubSubChannel.substring(p.length() + 1, pubSubChannel.length() - 1);
    }

    String stream(String channelId) {
        return prefix + "stream." + tag(channelId);
    }

    String meta(String channelId) {
        return prefix + "meta." + tag(channelId);
    }

    String presenceExpiries(String channelId) {
        return prefix + "presence.z." + tag(channelId);
    }

    String presenceMembers(String channelId) {
        return prefix + "presence.h." + tag(channelId);
    }

    String presenceOrder(String channelId) {
        return prefix + "presence.j." + tag(channelId);
    }

    String presenceClient(String clientId) {
        return prefix + "presence.c." + tag(clientId);
    }

    String instance() {
        return prefix + "instance";
    }

    /** The Pub/Sub channel of channel {@code channelId}. */
    String pubSub(String channelId) {
        return pubSubPrefix() + tag(channelId);
    }

    String pubSubPrefix() {
        return prefix + "pub.";
    }

    /** The Pub/Sub channel of control messages to node {@code nodeId}. */
    String node(String nodeId) {
        // on a cluster, one hash tag for every node's control channel and the one of all nodes (sharded Pub/Sub):
        // every node SSUBSCRIBEs them on the primary of the {nodes} slot, where each SPUBLISH runs, so one
        // sender's control messages take one path and arrive in the order they were sent, and SPUBLISH's
        // receiver count covers every subscriber (a plain PUBLISH counts those of the node that ran it only)
        return tagged ? prefix + "{nodes}." + nodeId : prefix + "node." + nodeId;
    }

    /**
     * The Pub/Sub channel of node {@code nodeId}'s delivery probe ({@link DeliveryProbe}); on a cluster in
     * the {@code {nodes}} slot, beside the control channels (and unlike any {@link #node} name).
     */
    String probe(String nodeId) {
        return tagged ? probe(nodeId, "nodes") : prefix + "probe." + nodeId;
    }

    /** On a cluster: node {@code nodeId}'s probe channel in the slot of hash tag {@code tag} (one per shard). */
    String probe(String nodeId, String tag) {
        return prefix + "{" + tag + "}:probe." + nodeId;
    }

    /**
     * The ids of the recent publications of channel {@code channelId} (a sorted set: publish id -> offset),
     * so that a publish Redis ran already (Lettuce re-sent it after a reconnect) is not stored twice.
     */
    String publishIds(String channelId) {
        return prefix + "ids." + tag(channelId); // in the slot of the stream and meta keys: publish.lua touches all three
    }

    /** The Pub/Sub channel of control messages to every node. */
    String allNodes() {
        return tagged ? prefix + "{nodes}" : prefix + "nodes";
    }
}
