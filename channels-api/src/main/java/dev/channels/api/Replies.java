package dev.channels.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Chooses, while a message is handled, where the reply goes: to the sender only or to the whole
 * channel, whatever kind of handler was registered. The reply is still returned through the
 * middleware chain, so server-level middleware (logging, metrics) sees it like any other reply.
 *
 * <pre>{@code
 * Handler chat = (ctx, msg) -> msg.bind(Line.class).isPrivate()
 *         ? Replies.toSender(ctx, msg.newFrom("chat.private").withBody(msg.body()))
 *         : Replies.toChannel(ctx, msg.newFrom("chat").withBody(msg.body()));
 * }</pre>
 *
 * <p>The choice belongs to one handled message: the server derives, per message,
 * {@linkplain #withRoute a context carrying a fresh route} (starting at the registration's
 * default) and reads the route after the chain returned. Contexts derived from it
 * ({@link HandlerContext#withDeadline}, {@link HandlerContext#withValue}) share that route, so a
 * middleware may read or change it too; the last choice before the chain returns wins. A choice
 * never changes where an error goes (always the sender). The route is safe to set from any thread.
 *
 * @since 0.1.0
 */
public final class Replies {

    /** The key of the route in a context; private, so only this class reads or writes it. */
    private static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "dev.channels.api.Replies.route";
        }
    };

    /** The route of one handled message; volatile because a handler may hand its work to another thread. */
    private static final class Choice {
        private volatile ReplyRoute route;

        private Choice(ReplyRoute route) {
            this.route = route;
        }
    }

    private Replies() {
    }

    /**
     * A child of {@code ctx} that carries a fresh route, initially {@code initial}. A server calls it
     * once per message before running the chain; a test of a handler can call it too.
     */
    public static HandlerContext withRoute(HandlerContext ctx, ReplyRoute initial) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(initial, "initial");
        return ctx.withValue(KEY, new Choice(initial));
    }

    /** The route the reply of the message handled in {@code ctx} will take; empty when {@code ctx} carries none. */
    public static Optional<ReplyRoute> route(HandlerContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        return ctx.value(KEY, Choice.class).map(c -> c.route);
    }

    /**
     * Sends the reply of the message handled in {@code ctx} by {@code route}.
     *
     * @throws IllegalStateException when {@code ctx} carries no route: it does not come from a server
     *                               that routes replies (a client listener's reply always goes back to
     *                               the server), nor from {@link #withRoute}
     */
    public static void choose(HandlerContext ctx, ReplyRoute route) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(route, "route");
        ctx.value(KEY, Choice.class).orElseThrow(() -> new IllegalStateException(
                "this context has no reply route: the reply of " + ctx + " cannot be sent to the "
                        + route + "; only handlers a channel server runs can choose")).route = route;
    }

    /** Chooses {@link ReplyRoute#CHANNEL} and returns {@code reply}, for {@code return Replies.toChannel(ctx, reply);}. */
    public static Optional<Message> toChannel(HandlerContext ctx, Message reply) {
        Objects.requireNonNull(reply, "reply");
        choose(ctx, ReplyRoute.CHANNEL);
        return Optional.of(reply);
    }

    /** Chooses {@link ReplyRoute#SENDER} and returns {@code reply}, for {@code return Replies.toSender(ctx, reply);}. */
    public static Optional<Message> toSender(HandlerContext ctx, Message reply) {
        Objects.requireNonNull(reply, "reply");
        choose(ctx, ReplyRoute.SENDER);
        return Optional.of(reply);
    }
}
