package dev.channels.cdi.internal;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.cdi.Inbound;
import dev.channels.cdi.Reply;
import dev.channels.server.ChannelServer;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's handler for one observed message type: fires an {@link Inbound} to the observers and
 * turns the reply they chose into the seed's semantics. It is registered as a direct handler, so a
 * direct reply is returned to the server; a channel reply is broadcast to every member of the
 * reply's channel, sender included, before the handler returns (and the handler returns no reply).
 * Runs on the thread that handles the message; holds no mutable state.
 */
final class ObserverHandler implements Handler {

    private final String type;
    private final InboundDispatcher dispatcher;
    private final Supplier<ChannelServer> server;

    ObserverHandler(String type, InboundDispatcher dispatcher, Supplier<ChannelServer> server) {
        this.type = type;
        this.dispatcher = dispatcher;
        this.server = server;
    }

    @Override
    public Optional<Message> handle(HandlerContext ctx, Message msg) throws Exception {
        Inbound inbound = Inbound.of(ctx, msg);
        try {
            dispatcher.dispatch(type, inbound);
        } finally {
            inbound.complete();
        }
        Optional<Reply> reply = inbound.pendingReply();
        if (reply.isEmpty() || reply.get().route() == Reply.Route.DIRECT) {
            return reply.map(Reply::message);
        }
        Message toChannel = reply.get().message();
        if (server.get().broadcast(toChannel.channelId(), toChannel) == 0) {
            throw new ChannelNotFoundException(toChannel.channelId());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "observers of '" + type + "'";
    }
}
