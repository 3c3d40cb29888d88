/**
 * Micrometer meters for a {@link dev.channels.server.ChannelServer}
 * ({@link dev.channels.server.metrics.ChannelServerMetrics}); needs the optional
 * {@code io.micrometer:micrometer-core} dependency.
 */
package dev.channels.server.metrics;
