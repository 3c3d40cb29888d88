package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.Middleware;
import dev.channels.api.Replies;
import dev.channels.api.ReplyRoute;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Handlers that choose their reply's route at run time, over real sockets: the reply passes back
 * through the server's middleware, then goes where the handler chose.
 */
class ReplyRouteTest {

    /** What a server-level middleware saw come back from the chain: the reply type and its route. */
    record Seen(String reply, ReplyRoute route) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Middleware recording = next -> (ctx, msg) -> {
        Optional<Message> reply = next.handle(ctx, msg);
        seen.add(new Seen(reply.map(Message::type).orElse("none"), Replies.route(ctx).orElse(null)));
        return reply;
    };
    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    /** "say" is a direct handler: body "all" goes to the channel, anything else to the sender. */
    private ServerFixture start(Middleware... more) throws Exception {
        ChannelServer.Builder builder = ChannelServer.builder()
                .use(recording)
                .directHandler("say", (ctx, msg) -> {
                    Message said = msg.newFrom("said").withBody(msg.body());
                    return "\"all\"".equals(msg.rawBody()) ? Replies.toChannel(ctx, said) : Optional.of(said);
                })
                .channelHandler("ask", (ctx, msg) -> Replies.toSender(ctx, msg.newFrom("answer")))
                .channelHandler("announce", (ctx, msg) -> Optional.of(msg.newFrom("announced")))
                .directHandler("elsewhere", (ctx, msg) -> Replies.toChannel(ctx,
                        msg.newFrom("said").withChannelId("nowhere")))
                .directHandler("half", (ctx, msg) -> {
                    Replies.toChannel(ctx, msg.newFrom("said"));
                    throw new IllegalStateException("gave up after choosing the channel");
                });
        for (Middleware m : more) {
            builder.use(m);
        }
        fx = new ServerFixture(builder);
        return fx;
    }

    @Test
    void aDirectHandlerThatChoosesTheChannelReachesEveryMemberAndMiddlewareSeesTheReply() throws Exception {
        start();
        ServerFixture.Joined a = fx.join("room");
        ServerFixture.Joined b = fx.join("room");
        ServerFixture.Joined other = fx.join("lobby");
        a.client().send(request("say", "room", "\"all\""));
        for (ServerFixture.Joined member : List.of(a, b)) {
            Message got = message(member.client().next());
            assertThat(got.type()).isEqualTo("said");
            assertThat(got.rawBody()).isEqualTo("\"all\"");
            assertThat(got.channelId()).isEqualTo("room");
        }
        assertThat(seen).containsExactly(new Seen("said", ReplyRoute.CHANNEL));
        assertThat(other.client().poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void theSenderRouteStillReachesOnlyTheSender() throws Exception {
        start();
        ServerFixture.Joined a = fx.join("room");
        ServerFixture.Joined b = fx.join("room");
        Message got = onlyTheSenderGets(a, b, request("say", "room", "\"me\""), "said");
        assertThat(got.rawBody()).isEqualTo("\"me\"");
        assertThat(seen).containsExactly(new Seen("said", ReplyRoute.SENDER));
    }

    @Test
    void aChannelHandlerCanAnswerTheSenderOnlyAndKeepsTheChannelByDefault() throws Exception {
        start();
        ServerFixture.Joined a = fx.join("room");
        ServerFixture.Joined b = fx.join("room");
        onlyTheSenderGets(b, a, request("ask", "room", "1"), "answer");
        b.client().send(request("announce", "room", "2"));
        assertThat(message(a.client().next()).type()).isEqualTo("announced");
        assertThat(message(b.client().next()).type()).isEqualTo("announced");
        assertThat(seen).containsExactly(new Seen("answer", ReplyRoute.SENDER), new Seen("announced", ReplyRoute.CHANNEL));
    }

    @Test
    void aMiddlewareThatRefusesCanKeepItsRefusalFromTheChannel() throws Exception {
        Middleware guard = next -> (ctx, msg) -> ctx.header("X-Token").isPresent()
                ? next.handle(ctx, msg)
                : Replies.toSender(ctx, msg.newFrom("auth.required"));
        start(guard);
        ServerFixture.Joined a = fx.join("room");
        ServerFixture.Joined b = fx.join("room");
        onlyTheSenderGets(a, b, request("announce", "room", "3"), "auth.required");
        assertThat(seen).containsExactly(new Seen("auth.required", ReplyRoute.SENDER));
    }

    @Test
    void aChannelReplyToAChannelThatDoesNotExistGetsTheSenderAnError() throws Exception {
        start();
        ServerFixture.Joined a = fx.join("room");
        a.client().send(request("elsewhere", "room", "{}"));
        ErrorMessage failed = error(a.client().next());
        assertThat(failed.originType()).isEqualTo("elsewhere");
        assertThat(failed.detail()).hasValueSatisfying(d -> assertThat(d.description()).contains("nowhere"));
        assertThat(fx.server.channels()).containsExactly("room");
    }

    @Test
    void aHandlerThatFailsAfterChoosingTheChannelSendsItsErrorToTheSenderOnly() throws Exception {
        start();
        ServerFixture.Joined a = fx.join("room");
        ServerFixture.Joined b = fx.join("room");
        a.client().send(request("half", "room", "{}"));
        ErrorMessage failed = error(a.client().next());
        assertThat(failed.originType()).isEqualTo("half");
        assertThat(failed.detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("500"));
        assertThat(failed.headers()).containsKey(dev.channels.api.ChannelHeaders.ERROR_ID); // its text is in the log
        assertThat(b.client().poll(Duration.ofMillis(300))).isNull();
        assertThat(a.client().poll(Duration.ofMillis(100))).isNull();
    }

    /** {@code sender} sends {@code frame}; it alone gets the reply, of {@code type}, which this returns. */
    private static Message onlyTheSenderGets(ServerFixture.Joined sender, ServerFixture.Joined other, String frame,
                                             String type) throws Exception {
        sender.client().send(frame);
        Message got = message(sender.client().next());
        assertThat(got.type()).isEqualTo(type);
        assertThat(other.client().poll(Duration.ofMillis(300))).as("the other member gets nothing").isNull();
        return got;
    }
}
