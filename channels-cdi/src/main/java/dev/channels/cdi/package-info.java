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
 *   <li>{@link dev.channels.cdi.ChannelsConfiguration} registers handlers and middleware in code, and sets any
 *       server setting (origin policy, limits, rate limit, history...: {@code dev.channels.server.ChannelsSetting}).
 *       Each setting's {@code channels.*} name in MicroProfile Config (e.g. {@code META-INF/microprofile-config.properties})
 *       or a system property wins over the code.</li>
 *   <li>A cluster on Redis without code: {@code dev.channels:channels-redis} in the application (in a WAR:
 *       with Lettuce, Netty and Reactor in {@code WEB-INF/lib}, as Maven packages them) and the setting
 *       {@code channels.engine.uri=redis://host:6379} (optional {@code ?nodeId=...&keyPrefix=...}). channels-cdi
 *       never names channels-redis: the engine factory is a service; without the jar the application's start
 *       fails and says so.</li>
 * </ul>
 *
 * In a WAR the endpoint registers itself ({@code dev.channels.cdi.web}); standalone, use
 * {@code dev.channels.cdi.se.ChannelsSe}.
 */
package dev.channels.cdi;
