package dev.channels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The reply route a handler or middleware chooses through a context; servers read it after the chain. */
class RepliesTest {

    private final HandlerContext connection = HandlerContext.of("c1", "room");

    @Test
    void aRoutedContextStartsAtItsInitialRouteAndTakesTheLastChoice() {
        HandlerContext ctx = Replies.withRoute(connection, ReplyRoute.SENDER);
        assertThat(Replies.route(ctx)).contains(ReplyRoute.SENDER);
        Message reply = Message.create("said", "room");
        assertThat(Replies.toChannel(ctx, reply)).containsSame(reply);
        assertThat(Replies.route(ctx)).contains(ReplyRoute.CHANNEL);
        assertThat(Replies.toSender(ctx, reply)).containsSame(reply);
        assertThat(Replies.route(ctx)).contains(ReplyRoute.SENDER);
    }

    @Test
    void contextsDerivedByMiddlewareShareTheMessagesRoute() {
        HandlerContext ctx = Replies.withRoute(connection, ReplyRoute.CHANNEL);
        HandlerContext inner = ctx.withDeadline(Instant.now().plusSeconds(5)).withValue("user", "ann");
        Replies.choose(inner, ReplyRoute.SENDER);
        assertThat(Replies.route(ctx)).contains(ReplyRoute.SENDER);
    }

    @Test
    void eachRoutedContextHasItsOwnRoute() {
        HandlerContext first = Replies.withRoute(connection, ReplyRoute.SENDER);
        HandlerContext second = Replies.withRoute(connection, ReplyRoute.SENDER);
        Replies.choose(first, ReplyRoute.CHANNEL);
        assertThat(Replies.route(second)).contains(ReplyRoute.SENDER);
        assertThat(Replies.route(connection)).isEmpty();
    }

    @Test
    void choosingWithoutARouteFailsClearly() {
        assertThatThrownBy(() -> Replies.toChannel(connection, Message.create("said")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no reply route");
        assertThatThrownBy(() -> Replies.choose(Replies.withRoute(connection, ReplyRoute.SENDER), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Replies.toSender(Replies.withRoute(connection, ReplyRoute.SENDER), null))
                .isInstanceOf(NullPointerException.class);
    }
}
