package dev.channels.redis;

import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.ChannelEngineFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Redis engine for setting {@code channels.engine.uri} (a {@link ChannelEngineFactory} service):
 * {@code redis://[[user:]password@]host[:port][/db]} or {@code rediss://...} for TLS, as Lettuce reads it;
 * Sentinel: {@code redis-sentinel://[password@]host:port,host:port,...[/db]#masterId} ({@code rediss-sentinel}
 * for TLS); a Redis Cluster: a {@code redis://} URI of any cluster node, or of several seed nodes
 * ({@code redis://host:port,host:port}), detected at start (see {@link RedisEngine.Builder#uri(String)});
 * with query parameters of this engine, taken off before Lettuce sees the URI: {@code nodeId} (this
 * node's id, default random), {@code keyPrefix} (default {@code channels:}) and {@code probeInterval}
 * (the delivery probe's period in milliseconds, default 2000, 0 for none: {@link RedisEngine.Builder#probeInterval}),
 * e.g. {@code redis://redis:6379?nodeId=node-1&keyPrefix=chat:&probeInterval=1000}. Stateless.
 *
 * @since 0.1.0
 */
public final class RedisEngineFactory implements ChannelEngineFactory {

    /** For the service loader. */
    public RedisEngineFactory() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
    }

    @Override
    public ChannelEngine create(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#'); // Sentinel's master id comes last: kept for Lettuce
        String fragment = hash < 0 ? "" : text.substring(hash);
        text = hash < 0 ? text : text.substring(0, hash);
        int q = text.indexOf('?');
        RedisEngine.Builder b = RedisEngine.builder();
        if (q < 0) {
            return b.uri(text + fragment).build();
        }
        List<String> rest = new ArrayList<>();
        for (String parameter : text.substring(q + 1).split("&")) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
            switch (name) {
                case "nodeId" -> b.nodeId(value);
                case "keyPrefix" -> b.keyPrefix(value);
                case "probeInterval" -> b.probeInterval(Duration.ofMillis(milliseconds(name, value)));
                default -> rest.add(parameter);
            }
        }
        String lettuce = text.substring(0, q) + (rest.isEmpty() ? "" : "?" + String.join("&", rest)) + fragment;
        return b.uri(lettuce).build();
    }

    private static long milliseconds(String name, String value) {
        try {
            long ms = Long.parseLong(value);
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number of milliseconds (0 or more): " + value);
    }
}
