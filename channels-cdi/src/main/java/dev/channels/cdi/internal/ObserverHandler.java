package dev.channels.cdi.internal;

import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.Replies;
import dev.channels.cdi.Inbound;
import dev.channels.cdi.Reply;
import java.util.Optional;

/**
 * The server's handler for one observed message type: fires an {@link Inbound} to the observers and
 * turns the reply they chose into the seed's semantics. It is registered as a direct handler and
 * returns the reply either way, with its route chosen through {@link Replies}: a direct reply goes to
 * the reply's client (by default the sender), a channel reply to every member of the reply's channel,
 * sender included. The server routes it after the middleware chain returned, so server-level
 * {@code Middleware} beans see channel replies like direct ones. Runs on the thread that handles the
 * message; holds no mutable state.
 */
final class ObserverHandler implements Handler {

    private final String type;
    private final InboundDispatcher dispatcher;

    ObserverHandler(String type, InboundDispatcher dispatcher) {
        this.type = type;
        this.dispatcher = dispatcher;
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
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        Message out = reply.get().message();
        return reply.get().route() == Reply.Route.CHANNEL ? Replies.toChannel(ctx, out) : Replies.toSender(ctx, out);
    }

    @Override
    public String toString() {
        return "observers of '" + type + "'";
    }
}
