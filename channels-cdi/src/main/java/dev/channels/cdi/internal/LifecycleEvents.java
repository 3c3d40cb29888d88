package dev.channels.cdi.internal;

import dev.channels.cdi.lifecycle.ChannelClosed;
import dev.channels.cdi.lifecycle.ChannelCreated;
import dev.channels.cdi.lifecycle.ClientJoined;
import dev.channels.cdi.lifecycle.ClientLeft;
import dev.channels.server.ClientInfo;
import dev.channels.server.ServerListener;
import jakarta.enterprise.event.Event;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;

/**
 * The server's hooks as CDI events: each hook fires its event once synchronously (the
 * {@code @Observes} observers run on the hook's thread) and once asynchronously (the
 * {@code @ObservesAsync} observers run on the container's executor). A failing observer is logged;
 * it never reaches the server. Stateless.
 */
final class LifecycleEvents implements ServerListener {

    private static final System.Logger LOG = System.getLogger(LifecycleEvents.class.getName());

    private final Event<Object> events;

    LifecycleEvents(Event<Object> events) {
        this.events = events;
    }

    @Override
    public void onClientJoined(ClientInfo client) {
        fire(ClientJoined.class, new ClientJoined(client.clientId(), client.channelId(), client.principal(),
                client.userId(), client.recovery()));
    }

    @Override
    public void onClientLeft(ClientInfo client) {
        fire(ClientLeft.class, new ClientLeft(client.clientId(), client.channelId(), client.principal()));
    }

    @Override
    public void onChannelCreated(String channelId) {
        fire(ChannelCreated.class, new ChannelCreated(channelId));
    }

    @Override
    public void onChannelClosed(String channelId) {
        fire(ChannelClosed.class, new ChannelClosed(channelId));
    }

    private <E> void fire(Class<E> type, E event) {
        Event<E> selected = events.select(type);
        try {
            selected.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of " + event + " failed", e);
        }
        try {
            selected.fireAsync(event).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "an asynchronous observer of " + event + " failed", failure);
                }
            });
        } catch (RejectedExecutionException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "asynchronous observers of " + event + " not notified: the container is stopping", e);
        }
    }
}
