package dev.channels.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where the engine's Redis is and what it is, from the one setting ({@code channels.redis.uri},
 * {@code channels.engine.uri}, {@code --redis}): a single Redis ({@code redis://host:port}), a Redis
 * behind Sentinel ({@code redis-sentinel://host:port,host:port,...#master}, Lettuce's syntax: Lettuce
 * asks the sentinels for the current primary on every (re)connect, so a failover is followed by
 * itself), or a Redis Cluster: a plain {@code redis://} (or {@code rediss://}) URI of any node, or of
 * several seed nodes separated by commas ({@code redis://10.0.0.1:7000,10.0.0.2:7000}), that turns out
 * to be in cluster mode ({@code INFO cluster} says {@code cluster_enabled:1}). Stateless.
 */
final class RedisTopology {

    private static final System.Logger LOG = System.getLogger(RedisTopology.class.getName());

    private RedisTopology() {
    }

    /**
     * The seed URIs of {@code uri}: one for a sentinel URI or a single host, one per host for
     * {@code redis://[cred@]host:port,host:port[/db][?query]} (each with the credentials, database and
     * query of the whole).
     */
    static List<RedisURI> parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd);
        if (!(scheme.equals("redis") || scheme.equals("rediss"))) {
            return List.of(RedisURI.create(uri)); // redis-sentinel, rediss-sentinel, redis-socket: as Lettuce reads them
        }
        int start = schemeEnd + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        if (authority.indexOf(',') < 0) {
            return List.of(RedisURI.create(uri));
        }
        int at = authority.lastIndexOf('@');
        String credentials = at < 0 ? "" : authority.substring(0, at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : authority.substring(at + 1).split(",")) {
            if (!host.isBlank()) {
                seeds.add(RedisURI.create(scheme + "://" + credentials + host.trim() + uri.substring(end)));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no host in Redis URI " + describe(List.of()));
        }
        return List.copyOf(seeds);
    }

    /** Whether {@code seeds} name Redis through Sentinel. */
    static boolean isSentinel(List<RedisURI> seeds) {
        return seeds.size() == 1 && !seeds.get(0).getSentinels().isEmpty();
    }

    /**
     * Whether the first seed that answers is in cluster mode ({@code INFO cluster}); a short-lived
     * connection of its own. Fails as Lettuce does when no seed answers.
     */
    static boolean isCluster(ClientResources resources, List<RedisURI> seeds, ClientOptions options) {
        if (isSentinel(seeds) || seeds.get(0).getSocket() != null) {
            return false;
        }
        RuntimeException last = null;
        for (RedisURI seed : seeds) {
            RedisClient probe = RedisClient.create(resources, seed);
            probe.setOptions(options);
            try (StatefulRedisConnection<String, String> c = probe.connect()) {
                String info = c.sync().info("cluster");
                return info != null && info.lines().anyMatch(l -> l.trim().equals("cluster_enabled:1"));
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Redis seed {0}:{1} did not answer: {2}", seed.getHost(), seed.getPort(), e.getMessage());
                last = e;
            } finally {
                probe.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
            }
        }
        throw last;
    }

    /** {@code seeds} for log lines and messages, without passwords. */
    static String describe(List<RedisURI> seeds) {
        if (seeds.isEmpty()) {
            return "(none)";
        }
        RedisURI first = seeds.get(0);
        if (isSentinel(seeds)) {
            return (first.isSsl() ? "rediss-sentinel://" : "redis-sentinel://") + first.getSentinels().stream()
                    .map(s -> s.getHost() + ":" + s.getPort()).collect(Collectors.joining(",")) + "#" + first.getSentinelMasterId();
        }
        if (first.getSocket() != null) {
            return "redis-socket://" + first.getSocket();
        }
        return (first.isSsl() ? "rediss://" : "redis://") + seeds.stream().map(s -> s.getHost() + ":" + s.getPort())
                .collect(Collectors.joining(","));
    }
}
