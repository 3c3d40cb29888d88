package dev.channels.redis;

import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.PresenceManager;
import dev.channels.server.engine.PresencePage;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link PresenceManager} on Redis (Centrifugo's layout): per channel, a sorted set of member
 * expiries (Redis's clock, so nodes' clocks need not agree), a hash of member details and a sorted set
 * of join entries (the join order), all three expiring with their longest-lived member; per client, a
 * key naming its channel (with the member's TTL) so a direct send finds its node. Each script touches one
 * channel's keys, one hash slot on a Redis Cluster ({@link RedisKeys}); the client's key, in a slot of
 * its own there, is set and dropped by a command of its own after the channel's script. Redis 7.0 has no
 * per-field TTL: lapsed members are dropped from all three when a channel is listed or paged (each
 * once), and are never listed, paged or counted once their expiry has passed. Each member's details
 * are {@code <join sequence>\t<joinedAt>\t<nodeId>\t<userId>}, the join sequence being Redis's clock
 * in microseconds at the first add, which keeps the join order.
 *
 * <p>Pages ({@link #page}): a member's join entry is {@code <join sequence, 20 digits>\t<clientId>},
 * every score 0, so {@code ZRANGEBYLEX} walks the members in join order (ties, joins in the same
 * microsecond, by client id) from any entry without reading the others. A page is one script
 * ({@code presence-page.lua}): drop the lapsed members, count the live ones ({@code ZCOUNT}), then read
 * the page's entries behind the cursor and their details, and one more entry to know whether more
 * follow. The cursor is the page's last join entry, as {@code <join sequence, base 36>.<clientId>}. A
 * member keeps its join entry for as long as it stays (a refresh keeps it), so a walk over the pages
 * sees every member that stays throughout exactly once, whoever joins or leaves meanwhile; a member
 * that joins during the walk is on a later page when it joined after the cursor's member (Redis's
 * clock; a clock set back may put it before), a member whose entry lapsed and that is added again
 * joins anew. A page costs O(log n + page) in Redis, plus dropping the members that lapsed since the
 * last list or page. An entry written by an earlier version of the engine (without a join entry) is
 * counted but not paged until its node refreshes it with this version.
 *
 * <p>Stateless apart from final fields; thread-safe. Futures complete on Lettuce I/O threads.
 */
final class RedisPresence implements PresenceManager {

    private static final LuaScript ADD = LuaScript.load("presence-add");
    private static final LuaScript REMOVE = LuaScript.load("presence-remove");
    private static final LuaScript LIST = LuaScript.load("presence-list");
    private static final LuaScript COUNT = LuaScript.load("presence-count");
    private static final LuaScript PAGE = LuaScript.load("presence-page");
    private static final LuaScript CLIENT_REMOVE = LuaScript.load("presence-client-remove");

    private final RedisEngine engine;
    private final RedisKeys keys;

    RedisPresence(RedisEngine engine, RedisKeys keys) {
        this.engine = engine;
        this.keys = keys;
    }

    @Override
    public CompletableFuture<Void> add(PresenceInfo member, Duration ttl) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("ttl must be at least 1 ms: " + ttl));
        }
        if (member.nodeId().indexOf('\t') >= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node id must not contain a tab"));
        }
        String info = member.joinedAt() + "\t" + member.nodeId() + "\t" + member.userId();
        // the channel's keys (one slot) in one script, then the client's routing key (another slot on a cluster)
        return engine.<String>call("presence add to " + member.channelId(), redis -> ADD.<Long>run(redis, ScriptOutputType.INTEGER,
                        channelKeys(member.channelId()), member.clientId(), Long.toString(ttl.toMillis()), info)
                        .thenCompose(ok -> redis.set(keys.presenceClient(member.clientId()), member.channelId(),
                                SetArgs.Builder.px(ttl.toMillis()))))
                .thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<Void> remove(String channelId, String clientId) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(clientId, "clientId");
        return engine.<Long>call("presence remove from " + channelId, redis -> REMOVE.<Long>run(redis, ScriptOutputType.INTEGER,
                        channelKeys(channelId), clientId)
                        .thenCompose(ok -> CLIENT_REMOVE.<Long>run(redis, ScriptOutputType.INTEGER,
                                new String[] {keys.presenceClient(clientId)}, channelId)))
                .thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<List<PresenceInfo>> list(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return engine.<List<Object>>call("presence of " + channelId, redis -> LIST.run(redis, ScriptOutputType.MULTI,
                        channelKeys(channelId), ""))
                .thenApply(flat -> decode(channelId, flat));
    }

    /** One page read in Redis without listing the channel: see the class comment for the cursor. */
    @Override
    public CompletableFuture<PresencePage> page(String channelId, String after, int limit) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        String from;
        try {
            from = after.isEmpty() ? "" : joinEntry(after);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return engine.<List<Object>>call("presence page of " + channelId, redis -> PAGE.run(redis, ScriptOutputType.MULTI,
                        channelKeys(channelId), from, Integer.toString(limit)))
                .thenApply(reply -> pageOf(channelId, reply, limit));
    }

    @Override
    public CompletableFuture<Integer> count(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return engine.<Long>call("presence count of " + channelId,
                redis -> COUNT.run(redis, ScriptOutputType.INTEGER, channelKeys(channelId))).thenApply(Long::intValue);
    }

    @Override
    public CompletableFuture<Optional<PresenceInfo>> find(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return engine.call("presence find " + clientId, redis -> redis.get(keys.presenceClient(clientId))
                .thenCompose(channelId -> channelId == null
                        ? CompletableFuture.completedFuture(Optional.<PresenceInfo>empty())
                        : LIST.<List<Object>>run(redis, ScriptOutputType.MULTI, channelKeys(channelId), clientId)
                                .thenApply(flat -> decode(channelId, flat).stream().findFirst())));
    }

    private String[] channelKeys(String channelId) {
        return new String[] {keys.presenceExpiries(channelId), keys.presenceMembers(channelId), keys.presenceOrder(channelId)};
    }

    /** The join entry a cursor names ({@code <seq base 36>.<clientId>} -> {@code <seq, 20 digits>\t<clientId>}). */
    static String joinEntry(String cursor) {
        int dot = cursor.indexOf('.');
        long seq;
        try {
            seq = dot < 1 ? -1 : Long.parseLong(cursor, 0, dot, 36);
        } catch (NumberFormatException e) {
            seq = -1;
        }
        if (seq < 0 || dot == cursor.length() - 1) {
            throw new IllegalArgumentException("not a member list cursor: " + cursor);
        }
        return String.format(Locale.ROOT, "%020d\t%s", seq, cursor.substring(dot + 1));
    }

    /** The cursor that names join entry {@code entry}. */
    static String cursor(String entry) {
        int tab = entry.indexOf('\t');
        return Long.toString(Long.parseLong(entry, 0, tab, 10), 36) + "." + entry.substring(tab + 1);
    }

    /** {count, join entry, details, ...} with up to {@code limit + 1} members to a page. */
    private static PresencePage pageOf(String channelId, List<Object> reply, int limit) {
        int count = Math.toIntExact((Long) reply.get(0));
        List<PresenceInfo> members = new ArrayList<>(Math.min(limit, (reply.size() - 1) / 2));
        String last = null;
        boolean more = false;
        for (int i = 1, n = 0; i + 1 < reply.size(); i += 2, n++) {
            if (n == limit) {
                more = true; // the one more entry the script read
                break;
            }
            String entry = (String) reply.get(i);
            PresenceInfo info = info(channelId, entry.substring(entry.indexOf('\t') + 1), (String) reply.get(i + 1));
            if (info != null) {
                members.add(info);
            }
            last = entry;
        }
        return new PresencePage(members, count, more ? cursor(last) : "");
    }

    /** {client id, details, ...} to members in join order. */
    private static List<PresenceInfo> decode(String channelId, List<Object> flat) {
        record Entry(long seq, PresenceInfo info) {
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String details = (String) flat.get(i + 1);
            PresenceInfo info = info(channelId, (String) flat.get(i), details);
            if (info != null) {
                entries.add(new Entry(Long.parseLong(details, 0, details.indexOf('\t'), 10), info));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::seq).thenComparing(e -> e.info().clientId()));
        return entries.stream().map(Entry::info).toList();
    }

    /** A member from its details {@code <join seq>\t<joinedAt>\t<nodeId>\t<userId>}; null when this engine did not write them. */
    private static PresenceInfo info(String channelId, String clientId, String details) {
        String[] parts = details.split("\t", 4);
        if (parts.length < 4) {
            return null;
        }
        return new PresenceInfo(clientId, channelId, parts[3], Instant.parse(parts[1]), parts[2]);
    }
}
