package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;

/** {@link Fanout} to the connections of this server: encodes once, queues the same text on each member's writer. */
final class LocalFanout implements Fanout {

    private final ChannelRegistry registry;

    LocalFanout(ChannelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int toChannel(String channelId, Message message) {
        ChannelRegistry.Channel channel = registry.channel(channelId).orElse(null);
        if (channel == null) {
            return 0;
        }
        String text = EnvelopeCodec.encode(message);
        int queued = 0;
        for (Connection member : channel.members) {
            if (member.writer().send(text)) {
                queued++;
            }
        }
        return queued;
    }

    @Override
    public boolean toClient(String clientId, Message message) {
        Connection connection = registry.connection(clientId).orElse(null);
        return connection != null && connection.writer().send(EnvelopeCodec.encode(message));
    }
}
