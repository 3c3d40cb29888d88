package dev.channels.client;

import dev.channels.transport.SessionWriterOptions;
import jakarta.websocket.WebSocketContainer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What every channel connection of one client shares: the container, the one scheduler (reconnect
 * waits and attempts, pings, request timeouts, session closes), settings, the inbound dispatcher,
 * the callback that forgets a connection once it is closed for good, and the application's rejoin listener.
 */
record ClientRuntime(WebSocketContainer container, ScheduledExecutorService scheduler, ClientOptions options,
                     ReconnectPolicy reconnect, InboundDispatcher dispatcher, SessionWriterOptions writerOptions,
                     Consumer<ChannelConnection> forget, RejoinListener rejoinListener) {
}
