package dev.channels.redis;

/**
 * The names of everything the engine keeps in Redis, all under one prefix so that several
 * applications can share a Redis. Per channel {@code C}: {@code stream.C} (a Redis stream of the
 * retained publications, ids {@code <offset>-0}), {@code meta.C} (a hash: epoch and top offset), {@code ids.C} (the ids of its recent publications),
 * {@code presence.z.C} / {@code presence.h.C} / {@code presence.j.C} (a sorted set of member
 * expiries, a hash of member details, and the join order: a sorted set of join entries, see
 * {@link RedisPresence}), Pub/Sub channel {@code pub.C}; per client: {@code presence.c.<clientId>} (its channel, for
 * routing); per node: Pub/Sub channels {@code node.<nodeId>} and {@code probe.<nodeId>}, and {@code nodes} for all; and
 * {@code instance}, the random id that tells whether Redis lost its data. Immutable.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String stream(String channelId) {
        return prefix + "stream." + channelId;
    }

    String meta(String channelId) {
        return prefix + "meta." + channelId;
    }

    String presenceExpiries(String channelId) {
        return prefix + "presence.z." + channelId;
    }

    String presenceMembers(String channelId) {
        return prefix + "presence.h." + channelId;
    }

    String presenceOrder(String channelId) {
        return prefix + "presence.j." + channelId;
    }

    String presenceClient(String clientId) {
        return prefix + "presence.c." + clientId;
    }

    String instance() {
        return prefix + "instance";
    }

    /** The Pub/Sub channel of channel {@code channelId}. */
    String pubSub(String channelId) {
        return pubSubPrefix() + channelId;
    }

    String pubSubPrefix() {
        return prefix + "pub.";
    }

    /** The Pub/Sub channel of control messages to node {@code nodeId}. */
    String node(String nodeId) {
        return prefix + "node." + nodeId;
    }

    /** The Pub/Sub channel of node {@code nodeId}'s delivery probe ({@link DeliveryProbe}). */
    String probe(String nodeId) {
        return prefix + "probe." + nodeId;
    }

    /**
     * The ids of the recent publications of channel {@code channelId} (a sorted set: publish id -> offset),
     * so that a publish Redis ran already (Lettuce re-sent it after a reconnect) is not stored twice.
     */
    String publishIds(String channelId) {
        return prefix + "ids." + channelId;
    }

    /** The Pub/Sub channel of control messages to every node. */
    String allNodes() {
        return prefix + "nodes";
    }
}
