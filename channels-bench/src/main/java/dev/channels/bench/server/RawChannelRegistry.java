package dev.channels.bench.server;

import jakarta.websocket.Session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of the raw ceiling endpoints, grouped by channel name.
 *
 * <p>Thread-safe: sessions are added and removed on Tyrus's open/close callbacks and read on
 * message callbacks, all through concurrent collections; a channel's set is removed when it empties.
 */
final class RawChannelRegistry {

    private final Map<String, Set<Session>> channels = new ConcurrentHashMap<>();

    void join(String channel, Session session) {
        channels.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void leave(String channel, Session session) {
        channels.computeIfPresent(channel, (c, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members;
        });
    }

    Set<Session> members(String channel) {
        return channels.getOrDefault(channel, Set.of());
    }

    int channelCount() {
        return channels.size();
    }

    int sessionCount() {
        int n = 0;
        for (Set<Session> members : channels.values()) {
            n += members.size();
        }
        return n;
    }
}
