/**
 * A cluster engine on Redis for {@code dev.channels.server.ChannelServer}: {@link dev.channels.redis.RedisEngine}.
 * Several server nodes that share one Redis act as one server (docs/protocol.md "Clusters").
 */
package dev.channels.redis;
