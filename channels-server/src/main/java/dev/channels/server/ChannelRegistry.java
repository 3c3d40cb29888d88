package dev.channels.server;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which connections exist and which channels their memberships are in. A channel exists exactly while it is in the
 * map: joining creates it, and it leaves the map either when its last member leaves or when it is
 * ended on purpose (expiry, {@code closeChannel}). Both happen inside {@code ConcurrentHashMap.compute}
 * on the channel's entry, so a join can never land in a channel that is being removed: a client that
 * joins while its channel ends gets a fresh {@link Channel} (its own expiry, its own created/closed
 * hooks). Whoever removes a channel from the map is told so exactly once and fires its hooks.
 *
 * <p>Thread-safe; lock-free for readers. Each {@link Member} remembers the {@link Channel}
 * instance it joined, so leaving touches that instance and never a newer channel with the same id.
 */
final class ChannelRegistry {

    /**
     * A channel and its members. {@code members} is changed only inside {@code compute} on the
     * channel's map entry while the channel is in the map; {@code gone} is set there once, when it
     * leaves the map; {@code expiryTask} is written by {@link ChannelExpiry} (any thread, volatile).
     */
    static final class Channel {
        final String id;
        final Instant expiresAt;
        final Set<Member> members = ConcurrentHashMap.newKeySet();
        volatile ScheduledFuture<?> expiryTask;
        /** Held once per member whose join hooks have not fired yet; {@code onChannelClosed} waits for it. */
        final HookGate joinHooks = new HookGate(0);
        /**
         * This node's engine subscription for this channel instance: taken by the first joiner that
         * gets here, given back once when the channel is gone. Guarded by {@code subscription}'s monitor,
         * which is held while the engine subscribes, so a second joiner waits until the subscription
         * is in place before it reads the history.
         */
        final Object subscription = new Object();
        boolean subscribed;
        boolean unsubscribed;
        private volatile boolean gone;
        /** Set with {@code gone} when the channel was ended on purpose (expiry, closeChannel), not emptied. */
        private volatile boolean ended;

        Channel(String id, Instant expiresAt) {
            this.id = id;
            this.expiresAt = expiresAt;
        }

        /** Whether this channel was ended on purpose (expiry, {@code closeChannel}) rather than left by its last member. */
        boolean wasEnded() {
            return ended;
        }

        /** Whether this channel has left the registry (a later channel with the same id is another instance). */
        boolean isGone() {
            return gone;
        }

        @Override
        public String toString() {
            return "Channel[" + id + "]";
        }
    }

    /**
     * The outcome of a join: the channel, and whether this join created it; or, when a limit
     * refused it, why (then the connection is not registered and {@code channel} is null).
     */
    record Joined(Channel channel, boolean created, String refusal) {
        static Joined refused(String why) {
            return new Joined(null, false, why);
        }

        boolean isRefused() {
            return refusal != null;
        }
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Connections admitted and not yet removed: reserved before registering, so the server limit is never passed. */
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * Registers {@code connection} (a channel connection before its join, a session when it opens)
     * unless the server limit is reached: then returns why, and nothing changes. The limit holds
     * exactly under any concurrency (reserved atomically). Undone by {@link #remove}, once.
     */
    String admit(Connection connection, ConnectionLimits limits) {
        if (admitted.incrementAndGet() > limits.maxConnections()) {
            admitted.decrementAndGet();
            return "server full: " + limits.maxConnections() + " connections";
        }
        connections.put(connection.clientId(), connection);
        return null;
    }

    /** Unregisters an admitted connection (once: {@link Connection#markClosed} lets one caller do it). */
    void remove(Connection connection) {
        if (connections.remove(connection.clientId(), connection)) {
            admitted.decrementAndGet();
        }
    }

    /**
     * Adds {@code member} to its channel, creating the channel (expiring at {@code expiresAt}, or
     * never for null), unless the channel is full ({@code limits}' per-channel bound, which counts
     * memberships, so sessions and channel connections alike): then nothing changes and the result
     * says so. The channel's size is checked inside its {@code compute}, so the bound holds exactly.
     */
    Joined join(Member member, Instant expiresAt, ConnectionLimits limits) {
        boolean[] created = {false};
        boolean[] full = {false};
        Channel channel = channels.compute(member.channelId(), (id, existing) -> {
            if (existing != null && existing.members.size() >= limits.maxPerChannel()) {
                full[0] = true;
                return existing;
            }
            Channel c = existing;
            if (c == null) {
                c = new Channel(id, expiresAt);
                created[0] = true;
            }
            c.members.add(member);
            c.joinHooks.hold(); // inside compute: whoever ends this channel sees the hold
            member.joined(c);
            return c;
        });
        if (full[0]) {
            return Joined.refused("channel full: " + limits.maxPerChannel() + " members");
        }
        return new Joined(channel, created[0], null);
    }

    /** Removes {@code member} from its channel; returns the channel when this removed its last member (and so the channel). */
    Optional<Channel> leave(Member member) {
        Channel joined = member.channel();
        if (joined == null) {
            return Optional.empty();
        }
        Channel[] removed = {null};
        channels.computeIfPresent(joined.id, (id, current) -> {
            if (current != joined) {
                return current; // ours was ended already; this is a newer channel with the same id
            }
            joined.members.remove(member);
            if (joined.members.isEmpty()) {
                joined.gone = true;
                removed[0] = joined;
                return null;
            }
            return current;
        });
        joined.members.remove(member); // when the channel had been ended, nobody joins it any more
        return Optional.ofNullable(removed[0]);
    }

    /**
     * Ends {@code channel}: removes it from the map if it is still there, so later joins create a new
     * channel. Returns it, with its members frozen, when this call removed it.
     */
    Optional<Channel> end(Channel channel) {
        Channel[] removed = {null};
        channels.computeIfPresent(channel.id, (id, current) -> {
            if (current != channel) {
                return current;
            }
            channel.ended = true;
            channel.gone = true;
            removed[0] = channel;
            return null;
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

    List<Member> members(String channelId) {
        Channel c = channels.get(channelId);
        return c == null ? List.of() : List.copyOf(c.members);
    }

    Collection<Connection> connections() {
        return List.copyOf(connections.values());
    }

    /** Every membership of every connection of this node now. */
    List<Member> allMembers() {
        java.util.ArrayList<Member> all = new java.util.ArrayList<>();
        for (Connection c : connections.values()) {
            all.addAll(c.members());
        }
        return all;
    }

    int connectionCount() {
        return connections.size();
    }
}
