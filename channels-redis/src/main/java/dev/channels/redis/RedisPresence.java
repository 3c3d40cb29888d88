package dev.channels.redis;

import dev.channels.server.engine.PresenceInfo;
import dev.channels.server.engine.PresenceManager;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link PresenceManager} on Redis (Centrifugo's layout): per channel, a sorted set of member
 * expiries (Redis's clock, so nodes' clocks need not agree) and a hash of member details, both
 * expiring with their longest-lived member; per client, a key naming its channel (with the member's
 * TTL) so a direct send finds its node. Redis 7.0 has no per-field TTL: lapsed members are dropped
 * when a channel is listed. Each member's details are {@code <join sequence>\t<joinedAt>\t<nodeId>\t<userId>},
 * the join sequence being Redis's clock in microseconds at the first add, which keeps the join order.
 *
 * <p>Stateless apart from final fields; thread-safe. Futures complete on Lettuce I/O threads.
 */
final class RedisPresence implements PresenceManager {

    private static final LuaScript ADD = LuaScript.load("presence-add");
    private static final LuaScript REMOVE = LuaScript.load("presence-remove");
    private static final LuaScript LIST = LuaScript.load("presence-list");
    private static final LuaScript COUNT = LuaScript.load("presence-count");

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
        return engine.<Long>call("presence add to " + member.channelId(), redis -> ADD.run(redis, ScriptOutputType.INTEGER,
                        memberKeys(member.channelId(), member.clientId()), member.clientId(),
                        Long.toString(ttl.toMillis()), info, member.channelId()))
                .thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<Void> remove(String channelId, String clientId) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(clientId, "clientId");
        return engine.<Long>call("presence remove from " + channelId, redis -> REMOVE.run(redis, ScriptOutputType.INTEGER,
                memberKeys(channelId, clientId), clientId, channelId)).thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<List<PresenceInfo>> list(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return engine.<List<Object>>call("presence of " + channelId, redis -> LIST.run(redis, ScriptOutputType.MULTI,
                        channelKeys(channelId), ""))
                .thenApply(flat -> decode(channelId, flat));
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
        return new String[] {keys.presenceExpiries(channelId), keys.presenceMembers(channelId)};
    }

    private String[] memberKeys(String channelId, String clientId) {
        return new String[] {keys.presenceExpiries(channelId), keys.presenceMembers(channelId), keys.presenceClient(clientId)};
    }

    /** {client id, details, ...} to members in join order. */
    private static List<PresenceInfo> decode(String channelId, List<Object> flat) {
        record Entry(long seq, PresenceInfo info) {
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String clientId = (String) flat.get(i);
            String[] parts = ((String) flat.get(i + 1)).split("\t", 4);
            if (parts.length < 4) {
                continue; // not written by this engine
            }
            entries.add(new Entry(Long.parseLong(parts[0]),
                    new PresenceInfo(clientId, channelId, parts[3], Instant.parse(parts[1]), parts[2])));
        }
        entries.sort(Comparator.comparingLong(Entry::seq).thenComparing(e -> e.info().clientId()));
        return entries.stream().map(Entry::info).toList();
    }
}
