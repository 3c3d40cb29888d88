/**
 * The cluster engine on Redis: {@link dev.channels.redis.RedisEngine}, an implementation of the engine
 * SPI ({@code dev.channels.server.engine}) on Lettuce.
 */
module dev.channels.redis {
    requires transitive dev.channels.server;
    requires lettuce.core;
    requires reactor.core; // Lettuce's event bus (Redis Cluster topology changes)

    exports dev.channels.redis;

    // setting channels.engine.uri=redis://... (and rediss://)
    provides dev.channels.server.engine.ChannelEngineFactory with dev.channels.redis.RedisEngineFactory;
}
