package dev.channels.server;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Calls the application's {@link ServerListener} so that a failing hook can never break the server:
 * whatever a hook throws (a runtime exception, or an {@code AssertionError} or {@code LinkageError}
 * from a buggy listener) is logged and swallowed. Without that, an error thrown by
 * {@code onClientLeft} would skip {@code onChannelClosed} and, on the scheduler thread, cancel the
 * heartbeat for good. Stateless; called from any thread.
 */
final class ServerHooks {

    private static final System.Logger LOG = System.getLogger(ServerHooks.class.getName());

    private final ServerListener listener;

    ServerHooks(ServerListener listener) {
        this.listener = listener;
    }

    void clientJoined(ClientInfo client) {
        fire(l -> l.onClientJoined(client), "onClientJoined");
    }

    void clientLeft(ClientInfo client) {
        fire(l -> l.onClientLeft(client), "onClientLeft");
    }

    void channelCreated(String channelId) {
        fire(l -> l.onChannelCreated(channelId), "onChannelCreated");
    }

    void channelClosed(String channelId) {
        fire(l -> l.onChannelClosed(channelId), "onChannelClosed");
    }

    private void fire(Consumer<ServerListener> hook, String name) {
        try {
            hook.accept(listener);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "server listener " + name + " failed", e);
        }
    }
}
