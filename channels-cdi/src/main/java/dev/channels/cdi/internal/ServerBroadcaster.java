package dev.channels.cdi.internal;

import dev.channels.api.Message;
import dev.channels.cdi.Broadcaster;
import dev.channels.server.ChannelMember;
import dev.channels.server.ChannelServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** {@link Broadcaster} over the application's {@link ChannelServer}, looked up at each call. Immutable; thread-safe as the server is. */
final class ServerBroadcaster implements Broadcaster {

    private final Supplier<ChannelServer> server;

    ServerBroadcaster(Supplier<ChannelServer> server) {
        this.server = server;
    }

    @Override
    public int broadcast(String channelId, Message message) {
        return server.get().broadcast(channelId, message);
    }

    @Override
    public boolean send(String clientId, Message message) {
        return server.get().send(clientId, message);
    }

    @Override
    public CompletableFuture<Message> broadcastAwait(String channelId, Message message, Duration timeout) {
        return server.get().broadcastAwait(channelId, message, timeout);
    }

    @Override
    public Message broadcastAndWait(String channelId, Message message, Duration timeout)
            throws TimeoutException, InterruptedException {
        return server.get().broadcastAndWait(channelId, message, timeout);
    }

    @Override
    public boolean hasChannel(String channelId) {
        return server.get().hasChannel(channelId);
    }

    @Override
    public Set<String> members(String channelId) {
        return server.get().members(channelId);
    }

    @Override
    public List<ChannelMember> presence(String channelId) {
        return server.get().presence(channelId);
    }
}
