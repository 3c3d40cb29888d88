package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.testkit.RecordingClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The channel server over real sockets: joining, routing, server-initiated sends, channel control, hooks, bad input. */
class ChannelServerTest {

    private final RecordingListener hooks = new RecordingListener();
    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    private ChannelServer.Builder demo() {
        return ChannelServer.builder()
                .listener(hooks)
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .directHandler("boom", (ctx, msg) -> {
                    throw new IllegalStateException("kaput");
                })
                .directHandler("whoami", (ctx, msg) -> Optional.of(msg.newFrom("whoami").withBody(Map.of(
                        "token", ctx.header("X-Token").orElse(""),
                        "room", ctx.queryParameter("room").orElse(""),
                        "channel", ctx.channelId()))));
    }

    private ServerFixture start(ChannelServer.Builder builder) throws Exception {
        fx = new ServerFixture(builder);
        return fx;
    }

    @Test
    void joinSuccessCarriesAFreshClientIdAndTheChannel() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("room-1");
        ServerFixture.Joined b = fx.join("room-1");
        assertThat(a.joinSuccess().type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(a.joinSuccess().channelId()).isEqualTo("room-1");
        assertThat(UUID.fromString(a.clientId())).isNotEqualTo(UUID.fromString(b.clientId()));
        assertThat(a.joinSuccess().header(ChannelHeaders.CHANNEL_EXPIRES)).isEmpty();
        assertThat(fx.server.members("room-1")).containsExactlyInAnyOrder(a.clientId(), b.clientId());
        assertThat(fx.server.channels()).containsExactly("room-1");
        assertThat(fx.server.connectionCount()).isEqualTo(2);
    }

    @Test
    void channelReplyReachesEveryMemberAndDirectReplyOnlyTheSender() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("room");
        ServerFixture.Joined b = fx.join("room");
        ServerFixture.Joined other = fx.join("elsewhere");
        a.client().send(request("chat", "room", "{\"text\":\"hi\"}"));
        for (ServerFixture.Joined member : List.of(a, b)) {
            Message got = message(member.client().next());
            assertThat(got.type()).isEqualTo("chat");
            assertThat(got.rawBody()).isEqualTo("{\"text\":\"hi\"}");
            assertThat(got.clientId()).isEqualTo(a.clientId());
        }
        b.client().send(request("echo", "room", "42"));
        Message echo = message(b.client().next());
        assertThat(echo.type()).isEqualTo("echo");
        assertThat(echo.rawBody()).isEqualTo("42");
        assertThat(a.client().poll(Duration.ofMillis(300))).isNull();
        assertThat(other.client().poll(Duration.ofMillis(100))).isNull();
    }

    @Test
    void crossChannelInjectionIsStampedBackToTheJoinedChannel() throws Exception {
        start(demo());
        ServerFixture.Joined attacker = fx.join("mine");
        ServerFixture.Joined victim = fx.join("theirs");
        String forged = EnvelopeCodecHelper.forged("chat", "theirs", victim.clientId());
        attacker.client().send(forged);
        Message back = message(attacker.client().next());
        assertThat(back.channelId()).isEqualTo("mine");
        assertThat(back.clientId()).isEqualTo(attacker.clientId());
        assertThat(victim.client().poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void broadcastAwaitReturnsTheFirstReplyWithTheSameCorrelationId() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("q");
        ServerFixture.Joined b = fx.join("q");
        CompletableFuture<Message> reply = fx.server.broadcastAwait("q",
                Message.create("question").withRawBody("\"ping?\""), Duration.ofSeconds(5));
        Message qa = message(a.client().next());
        Message qb = message(b.client().next());
        assertThat(qa.correlationId()).isNotEmpty().isEqualTo(qb.correlationId());
        b.client().send(EnvelopeCodecHelper.reply("answer", qb.correlationId(), "\"from b\""));
        a.client().send(EnvelopeCodecHelper.reply("answer", qa.correlationId(), "\"from a\""));
        Message first = reply.get(20, TimeUnit.SECONDS);
        assertThat(first.type()).isEqualTo("answer");
        assertThat(first.clientId()).isIn(a.clientId(), b.clientId());
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void broadcastAwaitTimesOutCleanlyAndFailsAtOnceForAnUnknownChannel() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("silent");
        CompletableFuture<Message> reply = fx.server.broadcastAwait("silent", Message.create("question"),
                Duration.ofMillis(300));
        assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(fx.server.pendingReplies()).isZero();
        assertThat(message(a.client().next()).type()).isEqualTo("question");

        CompletableFuture<Message> none = fx.server.broadcastAwait("nobody-here", Message.create("question"),
                Duration.ofSeconds(30));
        assertThat(none).isCompletedExceptionally();
        assertThatThrownBy(none::join).hasCauseInstanceOf(ChannelNotFoundException.class);
        assertThatThrownBy(() -> fx.server.broadcastAndWait("nobody-here", Message.create("q"), Duration.ofSeconds(1)))
                .isInstanceOf(ChannelNotFoundException.class);
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void serverSendsReachTheChannelOrTheOneClient() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("news");
        ServerFixture.Joined b = fx.join("news");
        assertThat(fx.server.broadcast("news", Message.create("headline").withBody("all"))).isEqualTo(2);
        assertThat(message(a.client().next()).type()).isEqualTo("headline");
        assertThat(message(b.client().next()).type()).isEqualTo("headline");
        assertThat(fx.server.send(b.clientId(), Message.create("private"))).isTrue();
        Message p = message(b.client().next());
        assertThat(p.type()).isEqualTo("private");
        assertThat(p.clientId()).isEqualTo(b.clientId());
        assertThat(a.client().poll(Duration.ofMillis(300))).isNull();
        assertThat(fx.server.send("no-such-client", Message.create("x"))).isFalse();
        assertThat(fx.server.broadcast("no-such-channel", Message.create("x"))).isZero();
        assertThat(fx.server.hasChannel("news")).isTrue();
        assertThat(fx.server.hasChannel("no-such-channel")).isFalse();
    }

    @Test
    void aDirectSendIsStampedWithTheRecipientsIdsUnlessItNamesAChannel() throws Exception {
        start(demo());
        ServerFixture.Joined b = fx.join("desk");

        assertThat(fx.server.send(b.clientId(), Message.create("note").withClientId("someone-else"))).isTrue();
        Message stamped = message(b.client().next());
        assertThat(stamped.channelId()).isEqualTo("desk");
        assertThat(stamped.clientId()).isEqualTo(b.clientId());

        assertThat(fx.server.send(b.clientId(), Message.create("note", "other-channel"))).isTrue();
        Message named = message(b.client().next());
        assertThat(named.channelId()).isEqualTo("other-channel");
        assertThat(named.clientId()).isEqualTo(b.clientId());
    }

    @Test
    void closeChannelSendsChannelClosedThenClosesEveryMember() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("doomed");
        ServerFixture.Joined b = fx.join("doomed");
        assertThat(fx.server.closeChannel("doomed")).isTrue();
        for (ServerFixture.Joined member : List.of(a, b)) {
            Message closed = message(member.client().next());
            assertThat(closed.type()).isEqualTo(MessageTypes.CHANNEL_CLOSED);
            assertThat(closed.channelId()).isEqualTo("doomed");
            assertThat(member.client().closed().get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
        }
        assertThat(fx.server.hasChannel("doomed")).isFalse();
        assertThat(fx.server.connectionCount()).isZero();
        assertThat(fx.server.closeChannel("doomed")).isFalse();
        assertThat(hooks.count("closed:doomed")).isEqualTo(1);
    }

    @Test
    void expiringChannelAnnouncesItsExpiryAndThenSendsChannelExpired() throws Exception {
        start(demo().options(ServerOptions.builder().channelTimeout(Duration.ofMillis(800)).build()));
        Instant before = Instant.now();
        ServerFixture.Joined a = fx.join("short-lived");
        String expires = a.joinSuccess().header(ChannelHeaders.CHANNEL_EXPIRES).orElseThrow();
        Instant at = OffsetDateTime.parse(expires).toInstant();
        assertThat(at).isAfter(before).isBefore(before.plusSeconds(5));
        Message expired = message(a.client().next(Duration.ofSeconds(20)));
        assertThat(expired.type()).isEqualTo(MessageTypes.CHANNEL_EXPIRED);
        assertThat(a.client().closed().get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(20)).until(() -> !fx.server.hasChannel("short-lived"));
        assertThat(hooks.count("closed:short-lived")).isEqualTo(1);
    }

    @Test
    void hooksFireExactlyOncePerEventAndNothingStaysRegistered() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("h");
        ServerFixture.Joined b = fx.join("h");
        a.client().close();
        b.client().close();
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.count("closed:h") == 1);
        Thread.sleep(200);
        // two clients closing at once leave in no defined order; everything else is ordered
        assertThat(hooks.events).hasSize(6);
        assertThat(hooks.events.subList(0, 3)).containsExactly("created:h", "joined:" + a.clientId(),
                "joined:" + b.clientId());
        assertThat(hooks.events.subList(3, 5)).containsExactlyInAnyOrder("left:" + a.clientId(), "left:" + b.clientId());
        assertThat(hooks.events.get(5)).isEqualTo("closed:h");
        assertThat(fx.server.channels()).isEmpty();
        assertThat(fx.server.connectionCount()).isZero();
    }

    @Test
    void clientThatVanishesIsCleanedOutAndHooksFireOnce() throws Exception {
        start(demo());
        ServerFixture.Joined stays = fx.join("v");
        dev.channels.testkit.StalledRawClient vanishing =
                dev.channels.testkit.StalledRawClient.connect(fx.running.port(), "/ws/v");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.connectionCount() == 2);
        String goneId = fx.server.members("v").stream().filter(id -> !id.equals(stays.clientId())).findFirst().orElseThrow();
        vanishing.close();
        // keep sending so the server notices the broken connection while writing too
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            fx.server.broadcast("v", Message.create("tick").withBody("x".repeat(1000)));
            return fx.server.connectionCount() == 1;
        });
        Thread.sleep(300);
        assertThat(hooks.count("left:" + goneId)).isEqualTo(1);
        assertThat(hooks.count("closed:v")).isZero();
        assertThat(fx.server.members("v")).containsExactly(stays.clientId());
    }

    @Test
    void malformedFrameGetsA400ErrorAndTheConnectionStaysOpen() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("bad");
        for (String junk : List.of("not json", "[1,2,3]", "42", "{\"type\":7}")) {
            a.client().send(junk);
            ErrorMessage e = error(a.client().next());
            assertThat(e.detail()).map(ErrorDetail::errCode).contains("400");
            assertThat(e.clientId()).isEqualTo(a.clientId());
            assertThat(e.channelId()).isEqualTo("bad");
        }
        a.client().send(request("echo", "bad", "1"));
        assertThat(message(a.client().next()).type()).isEqualTo("echo");
        assertThat(a.client().isOpen()).isTrue();
    }

    @Test
    void oversizedFrameClosesWith1009() throws Exception {
        start(demo().options(ServerOptions.builder().maxMessageSize(1024).build()));
        ServerFixture.Joined a = fx.join("big");
        a.client().send(request("echo", "big", "\"" + "x".repeat(2000) + "\""));
        CloseReason reason = a.client().closed().get(20, TimeUnit.SECONDS);
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1009);
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.connectionCount() == 0);
    }

    @Test
    void binaryFrameIsRefusedWith1003() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("bin");
        a.client().sendBinary(new byte[] {1, 2, 3});
        CloseReason reason = a.client().closed().get(20, TimeUnit.SECONDS);
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1003);
        assertThat(reason.getReasonPhrase()).contains("binary");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.connectionCount() == 0);
        assertThat(hooks.count("left:" + a.clientId())).isEqualTo(1);
    }

    @Test
    void handlerExceptionSendsAnErrorToTheSenderOnly() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("err");
        ServerFixture.Joined b = fx.join("err");
        a.client().send(request("boom", "err", "{\"n\":1}"));
        ErrorMessage e = error(a.client().next());
        assertThat(e.originType()).isEqualTo("boom");
        assertThat(e.originBody().toString()).isEqualTo("{\"n\":1}");
        assertThat(e.detail()).map(ErrorDetail::errCode).contains("500");
        assertThat(e.detail()).map(ErrorDetail::description).get().asString().doesNotContain("kaput");
        assertThat(b.client().poll(Duration.ofMillis(300))).isNull();
        a.client().send(request("echo", "err", "2"));
        assertThat(message(a.client().next()).type()).isEqualTo("echo");
    }

    @Test
    void replaceableErrorHandlerShapesTheErrorEnvelope() throws Exception {
        start(demo().errorHandler((msg, err) -> msg.toError(new ErrorDetail("custom", err.getMessage(), "418"))));
        ServerFixture.Joined a = fx.join("teapot");
        a.client().send(request("boom", "teapot", "null"));
        assertThat(error(a.client().next()).detail()).map(ErrorDetail::errCode).contains("418");
    }

    @Test
    void handshakeHeadersAndQueryReachTheHandlerContext() throws Exception {
        start(demo());
        RecordingClient c = RecordingClient.connect(fx.uri("ctx") + "?room=blue", Map.of("X-Token", List.of("s3cret")));
        message(c.next());
        c.send(request("whoami", "ctx", "null"));
        Message who = message(c.next());
        assertThat(who.rawBody()).contains("\"token\":\"s3cret\"").contains("\"room\":\"blue\"")
                .contains("\"channel\":\"ctx\"");
        c.close();
    }

    @Test
    void handshakeCheckRefusesWithPolicyCloseAndNothingIsRegistered() throws Exception {
        start(demo().handshakeCheck(h -> h.header("X-Token").filter("let-me-in"::equals).isPresent()
                ? Optional.empty() : Optional.of("missing or wrong X-Token")));
        RecordingClient refused = fx.connect("vault");
        CloseReason reason = refused.closed().get(20, TimeUnit.SECONDS);
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(reason.getReasonPhrase()).contains("X-Token");
        assertThat(refused.drain()).isEmpty();
        RecordingClient admitted = fx.connect("vault", Map.of("X-Token", List.of("let-me-in")));
        assertThat(message(admitted.next()).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(fx.server.connectionCount()).isEqualTo(1);
        assertThat(hooks.events).hasSize(2); // created + one joined
    }

    @Test
    void badChannelIdsAreRejected() throws Exception {
        start(demo());
        for (String bad : List.of("bad!id", "x".repeat(200), "dollar$sign")) {
            RecordingClient c = fx.connect(bad);
            assertThat(c.closed().get(20, TimeUnit.SECONDS).getCloseCode().getCode()).as(bad).isEqualTo(1008);
        }
        assertThat(fx.server.connectionCount()).isZero();
        assertThat(hooks.events).isEmpty();
    }

    @Test
    void closingTheServerClosesMembersAndFiresHooks() throws Exception {
        start(demo());
        ServerFixture.Joined a = fx.join("bye");
        ServerFixture.Joined b = fx.join("bye");
        fx.server.close();
        assertThat(a.client().closed().get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1001);
        assertThat(b.client().closed().get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1001);
        assertThat(hooks.count("left:" + a.clientId())).isEqualTo(1);
        assertThat(hooks.count("left:" + b.clientId())).isEqualTo(1);
        assertThat(hooks.count("closed:bye")).isEqualTo(1);
        assertThat(fx.server.connectionCount()).isZero();
    }
}
