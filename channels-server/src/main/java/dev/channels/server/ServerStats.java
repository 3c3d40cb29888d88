package dev.channels.server;

/**
 * A snapshot of a {@link ChannelServer}'s state and event counts since it was built
 * ({@link ChannelServer#stats()}); the Micrometer binding
 * {@link dev.channels.server.metrics.ChannelServerMetrics} publishes the same figures.
 *
 * @param connections           joined connections now
 * @param channels              channels that exist now
 * @param queuedFrames          outbound frames waiting in all connections' queues now
 * @param maxQueuedFrames       the longest single connection's outbound queue now
 * @param malformedFrames       inbound frames that were not a readable envelope (answered {@code "400"})
 * @param unknownTypes          inbound messages of a type with no handler
 * @param handlerFailures       messages whose handler threw
 * @param rateLimited           inbound messages dropped by the rate limit
 * @param rateLimitDisconnects  connections closed (1008) because their excess went on
 * @param slowReaderDisconnects connections closed (1013) because their outbound queue filled up
 * @param refusedJoins          connections refused before they joined: channel id, origin, handshake
 *                              check (1008) or connection limits (1013)
 *
 * @since 0.1.0
 */
public record ServerStats(int connections, int channels, long queuedFrames, int maxQueuedFrames,
                          long malformedFrames, long unknownTypes, long handlerFailures, long rateLimited,
                          long rateLimitDisconnects, long slowReaderDisconnects, long refusedJoins) {
}
