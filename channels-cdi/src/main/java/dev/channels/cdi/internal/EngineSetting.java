package dev.channels.cdi.internal;

import dev.channels.server.engine.ChannelEngine;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The engine chosen outside the code (read like every setting, {@link ChannelsSettings#lookup}):
 * <ul>
 *   <li>{@code channels.engine}: {@code memory} (the default, one node) or {@code redis}</li>
 *   <li>{@code channels.redis.uri}: where Redis is, as Lettuce reads it ({@code redis://host:6379},
 *       {@code redis://:password@host:6379}, {@code rediss://host:6380} for TLS); required for {@code redis}</li>
 *   <li>{@code channels.redis.node-id}: this node's id (default: random)</li>
 *   <li>{@code channels.redis.key-prefix}: the prefix of the engine's Redis keys (default {@code channels:})</li>
 * </ul>
 * {@code redis} needs {@code dev.channels:channels-redis} in the application; without it, or with a
 * value that cannot be read, the application's start fails with a message that says so. Stateless.
 */
public final class EngineSetting {

    /** Setting names. */
    public static final String ENGINE = "channels.engine";
    /** Setting names. */
    public static final String REDIS_URI = "channels.redis.uri";
    /** Setting names. */
    public static final String REDIS_NODE_ID = "channels.redis.node-id";
    /** Setting names. */
    public static final String REDIS_KEY_PREFIX = "channels.redis.key-prefix";

    private EngineSetting() {
    }

    /** The engine the settings ask for, unstarted; empty for the in-memory default (or no setting). */
    public static Optional<ChannelEngine> resolve(UnaryOperator<String> contextParameters) {
        Optional<String> engine = ChannelsSettings.lookup(ENGINE, contextParameters);
        if (engine.isEmpty() || engine.get().isEmpty() || engine.get().equalsIgnoreCase("memory")) {
            return Optional.empty();
        }
        if (!engine.get().toLowerCase(Locale.ROOT).equals("redis")) {
            throw new IllegalStateException(ENGINE + " must be memory or redis, not '" + engine.get() + "'");
        }
        String uri = ChannelsSettings.lookup(REDIS_URI, contextParameters).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException(ENGINE + "=redis needs " + REDIS_URI + " (e.g. redis://localhost:6379)"));
        Optional<String> nodeId = ChannelsSettings.lookup(REDIS_NODE_ID, contextParameters).filter(v -> !v.isEmpty());
        Optional<String> prefix = ChannelsSettings.lookup(REDIS_KEY_PREFIX, contextParameters);
        try {
            return Optional.of(RedisEngineFactory.create(uri, nodeId, prefix));
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(ENGINE + "=redis needs dev.channels:channels-redis in the application", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(REDIS_URI + ", " + REDIS_NODE_ID + " or " + REDIS_KEY_PREFIX + ": " + e.getMessage(), e);
        }
    }

    /** The only class that names channels-redis's types: loaded only when the setting asks for Redis. */
    private static final class RedisEngineFactory {
        static ChannelEngine create(String uri, Optional<String> nodeId, Optional<String> prefix) {
            dev.channels.redis.RedisEngine.Builder b = dev.channels.redis.RedisEngine.builder().uri(uri);
            nodeId.ifPresent(b::nodeId);
            prefix.ifPresent(b::keyPrefix);
            return b.build();
        }
    }
}
