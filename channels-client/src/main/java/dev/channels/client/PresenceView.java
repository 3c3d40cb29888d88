package dev.channels.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kept member list per channel, whichever form of presence events the server sends: register it with
 * {@link ChannelClientBuilder#onPresence}, then {@link #load} each channel once joined (and again after a
 * rejoin, when events were missed); from then on every {@code presence.joined}, {@code presence.left} and
 * {@code presence.diff} is applied to it, so {@link #members} follows the server's list.
 *
 * <pre>{@code
 * PresenceView view = new PresenceView();
 * ChannelClient client = ChannelClient.builder().onPresence(view).build();
 * JoinedChannel room = client.join(base, "room");
 * view.load(room);               // the list as the server has it now (every page of get.info)
 * view.members("room");          // ... kept up to date by the presence events
 * }</pre>
 *
 * <p>A load and the events race: events that arrive while {@link #load} is walking the pages are applied
 * again on top of what the pages listed, in their order, so a member that left during the walk is not
 * resurrected by an earlier page and one that joined is not lost. The server sends events only with
 * {@code channels.presence-events} on; without them the view holds what the last load read.
 *
 * <p>Threads: events arrive on the connections' reader threads, {@link #load} runs on the caller's
 * thread (never a listener's: it waits for replies that thread would read), reads on any thread. Each
 * channel's state is guarded by its own monitor, held only to copy or change the maps, never across I/O.
 *
 * @since 0.1.0
 */
public final class PresenceView implements PresenceListener {

    /** The state per channel id; an entry is created by a load or the first event, removed by {@link #forget}. */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    /** One channel's members; guarded by its own monitor. */
    private static final class Room {
        /** client id to member, in the order the view learnt them. */
        final LinkedHashMap<String, ChannelPresence.Member> members = new LinkedHashMap<>();
        /**
         * The changes seen while a load walks the pages (null when none runs); replayed on top of the pages.
         * Bounded by the load: at most the frames of one walk, each page of which waits at most the connect timeout.
         */
        List<PresenceDiff> duringLoad;
        /** Loads running now (two callers may load one channel at once). */
        int loads;

        void apply(PresenceDiff diff) {
            for (ChannelPresence.Member m : diff.joins()) {
                members.put(m.clientId(), m);
            }
            for (ChannelPresence.Member m : diff.leaves()) {
                members.remove(m.clientId());
            }
        }
    }

    /** Creates an empty view. */
    public PresenceView() {
    }

    private Room room(String channelId) {
        return rooms.computeIfAbsent(channelId, id -> new Room());
    }

    /**
     * Reads {@code channel}'s whole member list from the server (every page of {@code get.info}) and makes
     * it this view's list of the channel, with the events that came meanwhile applied on top. Blocks for
     * one request-reply per page of members.
     *
     * @throws RequestTimeoutException     when a page does not come in time (the view keeps its old list)
     * @throws ChannelUnavailableException when the connection is down
     */
    public void load(JoinedChannel channel) {
        Room room = room(channel.channelId());
        synchronized (room) {
            if (room.loads++ == 0) {
                room.duringLoad = new ArrayList<>();
            }
        }
        boolean done = false;
        try {
            LinkedHashMap<String, ChannelPresence.Member> listed = new LinkedHashMap<>();
            ChannelPresence page = channel.presence("");
            while (true) {
                page.members().forEach(m -> listed.put(m.clientId(), m));
                if (!page.hasNext()) {
                    break;
                }
                page = channel.presence(page.next());
            }
            synchronized (room) {
                room.members.clear();
                room.members.putAll(listed);
                room.duringLoad.forEach(room::apply);
                if (--room.loads == 0) {
                    room.duringLoad = null;
                }
                done = true;
            }
        } finally {
            if (!done) {
                synchronized (room) {
                    if (--room.loads == 0) {
                        room.duringLoad = null;
                    }
                }
            }
        }
    }

    /** The members of {@code channelId} the view knows, in the order it learnt them (empty for a channel it does not know). */
    public List<ChannelPresence.Member> members(String channelId) {
        Room room = rooms.get(channelId);
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            return List.copyOf(room.members.values());
        }
    }

    /** How many members of {@code channelId} the view knows. */
    public int count(String channelId) {
        Room room = rooms.get(channelId);
        if (room == null) {
            return 0;
        }
        synchronized (room) {
            return room.members.size();
        }
    }

    /** Whether the view has {@code clientId} as a member of {@code channelId}. */
    public boolean contains(String channelId, String clientId) {
        Room room = rooms.get(channelId);
        if (room == null) {
            return false;
        }
        synchronized (room) {
            return room.members.containsKey(clientId);
        }
    }

    /** Drops what the view knows of {@code channelId} (e.g. after leaving it). */
    public void forget(String channelId) {
        rooms.remove(channelId);
    }

    /** Applies a presence frame's changes (reader thread). */
    @Override
    public void onDiff(JoinedChannel channel, PresenceDiff diff) {
        Room room = room(diff.channelId().isEmpty() ? channel.channelId() : diff.channelId());
        synchronized (room) {
            room.apply(diff);
            if (room.duringLoad != null) {
                room.duringLoad.add(diff);
            }
        }
    }
}
