/**
 * The sample application deployed into every container: it uses channels the way an application
 * does, through channels-cdi only. {@link dev.channels.it.app.RoomHandlers} handles messages as CDI
 * observers ({@code chat} to the channel, {@code echo} and {@code whoami} to the sender, {@code explode}
 * fails); {@link dev.channels.it.app.StampingInterceptor} is an application interceptor running
 * middleware; {@link dev.channels.it.app.PresenceCounter} counts lifecycle events;
 * {@link dev.channels.it.app.ChannelsResource} (Jakarta REST) broadcasts, broadcasts and awaits a reply,
 * and reports the counts; {@link dev.channels.it.app.SampleSettings} sets a short heartbeat and a small
 * frame limit. The endpoint itself is registered by channels-cdi's servlet initializer under the base
 * path of {@code WEB-INF/web.xml}.
 */
package dev.channels.it.app;
