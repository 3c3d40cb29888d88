/**
 * The engine SPI: what a {@link dev.channels.server.ChannelServer} needs from "the place where
 * channels live" (docs/protocol.md, "Channel streams", "Presence", "Clusters").
 *
 * <p>The split follows Centrifugo's: a {@link dev.channels.server.engine.Broker} carries
 * publications between nodes, numbers them in a per-channel stream and keeps their history; a
 * {@link dev.channels.server.engine.PresenceManager} knows who is in each channel on every node; a
 * {@link dev.channels.server.engine.ChannelEngine} bundles both with the node's identity and reports
 * to one {@link dev.channels.server.engine.EngineListener}. Connections, handlers and middleware
 * never reach the engine: it moves opaque strings (encoded envelopes and control messages the
 * server encodes itself), so a cluster engine (Redis) needs no knowledge of the protocol.
 *
 * <p>The default is {@link dev.channels.server.engine.InMemoryEngine}: one node, nothing to run.
 * Every engine passes the same contract tests ({@code ChannelEngineContract} in the module
 * {@code channels-engine-contract}); {@code dev.channels.redis.RedisEngine} ({@code channels-redis})
 * is the cluster engine.
 *
 * <p>Asynchrony: every call that may cross a network returns a {@link java.util.concurrent.CompletableFuture};
 * the in-memory engine completes them before returning. A future that fails with
 * {@link dev.channels.server.engine.EngineUnavailableException} means the engine could not do it
 * (nothing was published, stored or changed as far as the engine knows); the server reports it to
 * whoever asked (an error envelope with {@code errCode} {@code "503"}, or the failed future / exception
 * of its server-side method), never silently.
 */
package dev.channels.server.engine;
