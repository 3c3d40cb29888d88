/**
 * CDI integration of channels: the public API an application uses.
 *
 * <ul>
 *   <li>Handlers are observer methods of {@link dev.channels.cdi.Inbound} events qualified with
 *       {@link dev.channels.cdi.MessageType}; they reply through the event.</li>
 *   <li>Middleware are interceptors ({@code dev.channels.cdi.interceptor}; write your own with
 *       {@link dev.channels.cdi.MiddlewareInvocation}) or {@code dev.channels.api.Middleware} beans.</li>
 *   <li>Lifecycle events are in {@code dev.channels.cdi.lifecycle}.</li>
 *   <li>{@code dev.channels.server.ChannelServer} and the narrower {@link dev.channels.cdi.Broadcaster} are injectable.</li>
 *   <li>{@link dev.channels.cdi.ChannelsConfiguration} registers handlers and middleware in code.</li>
 * </ul>
 *
 * In a WAR the endpoint registers itself ({@code dev.channels.cdi.web}); standalone, use
 * {@code dev.channels.cdi.se.ChannelsSe}.
 */
package dev.channels.cdi;
