/**
 * Lifecycle events of the channel server, fired as CDI events: {@link dev.channels.cdi.lifecycle.ClientJoined},
 * {@link dev.channels.cdi.lifecycle.ClientLeft}, {@link dev.channels.cdi.lifecycle.ChannelCreated},
 * {@link dev.channels.cdi.lifecycle.ChannelClosed}. Each is fired synchronously and asynchronously:
 *
 * <pre>{@code
 * void joined(@Observes ClientJoined e) { presence.add(e.channelId(), e.clientId()); }
 * void audit(@ObservesAsync ChannelClosed e) { auditLog.write("closed " + e.channelId()); }
 * }</pre>
 */
package dev.channels.cdi.lifecycle;
