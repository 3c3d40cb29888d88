package dev.channels.server;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Which connections exist and which channel each is in. A channel exists exactly while it has
 * members: joining creates it and leaving the last member removes it, atomically (both happen inside
 * {@code ConcurrentHashMap.compute} on the channel's entry). Thread-safe; lock-free for readers.
 */
final class ChannelRegistry {

    /** A channel and its members. The member set is concurrent; {@code expiry} is set once after creation. */
    static final class Channel {
        final String id;
        final Instant expiresAt;
        final Set<Connection> members = ConcurrentHashMap.newKeySet();
        volatile ScheduledFuture<?> expiryTask;

        Channel(String id, Instant expiresAt) {
            this.id = id;
            this.expiresAt = expiresAt;
        }
    }

    /** The outcome of a join: the channel, and whether this join created it. */
    record Joined(Channel channel, boolean created) {
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** Adds {@code connection} to its channel, creating the channel (expiring at {@code expiresAt}, or never for null). */
    Joined join(Connection connection, Instant expiresAt) {
        connections.put(connection.clientId(), connection);
        boolean[] created = {false};
        Channel channel = channels.compute(connection.channelId(), (id, existing) -> {
            Channel c = existing;
            if (c == null) {
                c = new Channel(id, expiresAt);
                created[0] = true;
            }
            c.members.add(connection);
            return c;
        });
        return new Joined(channel, created[0]);
    }

    /** Removes {@code connection}; returns the channel when this removed its last member. */
    Optional<Channel> leave(Connection connection) {
        connections.remove(connection.clientId(), connection);
        Channel[] removed = {null};
        channels.computeIfPresent(connection.channelId(), (id, c) -> {
            c.members.remove(connection);
            if (c.members.isEmpty()) {
                removed[0] = c;
                return null;
            }
            return c;
        });
        return Optional.ofNullable(removed[0]);
    }

    Optional<Channel> channel(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    Optional<Connection> connection(String clientId) {
        return Optional.ofNullable(connections.get(clientId));
    }

    Set<String> channelIds() {
        return Set.copyOf(channels.keySet());
    }

    List<Connection> members(String channelId) {
        Channel c = channels.get(channelId);
        return c == null ? List.of() : List.copyOf(c.members);
    }

    Collection<Connection> connections() {
        return List.copyOf(connections.values());
    }

    int connectionCount() {
        return connections.size();
    }
}
