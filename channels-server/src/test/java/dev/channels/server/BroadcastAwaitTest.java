package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Broadcast-and-await: who may answer, and that no waiter outlives its channel, its server or a cancel. */
class BroadcastAwaitTest {

    private ServerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private ServerFixture start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))));
        return fx;
    }

    @Test
    void onlyAMemberOfTheChannelCanAnswerAndAnOutsidersMessageIsHandledAsUsual() throws Exception {
        start();
        ServerFixture.Joined member = fx.join("q");
        ServerFixture.Joined outsider = fx.join("elsewhere");
        CompletableFuture<Message> reply = fx.server.broadcastAwait("q",
                Message.create("question").withCorrelationId("known-id"), Duration.ofSeconds(30));
        assertThat(message(member.client().next()).correlationId()).isEqualTo("known-id");

        outsider.client().send(EnvelopeCodecHelper.reply("echo", "known-id", "\"not yours\""));
        Message echoed = message(outsider.client().next());
        assertThat(echoed.type()).isEqualTo("echo");
        assertThat(reply).isNotDone();

        member.client().send(EnvelopeCodecHelper.reply("answer", "known-id", "\"mine\""));
        Message answer = reply.get(10, TimeUnit.SECONDS);
        assertThat(answer.clientId()).isEqualTo(member.clientId());
        assertThat(answer.rawBody()).isEqualTo("\"mine\"");
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void aSecondWaitOnACorrelationIdInUseFailsItsFutureAndLeavesTheFirstWaiting() throws Exception {
        start();
        ServerFixture.Joined member = fx.join("dup");
        CompletableFuture<Message> first = fx.server.broadcastAwait("dup",
                Message.create("question").withCorrelationId("same-id"), Duration.ofSeconds(30));
        assertThat(message(member.client().next()).correlationId()).isEqualTo("same-id");

        CompletableFuture<Message> second = fx.server.broadcastAwait("dup",
                Message.create("again").withCorrelationId("same-id"), Duration.ofSeconds(30));

        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("same-id");
        assertThat(member.client().poll(Duration.ofMillis(300))).as("the second was not broadcast").isNull();
        assertThat(first).isNotDone();
        member.client().send(EnvelopeCodecHelper.reply("answer", "same-id", "\"first\""));
        assertThat(first.get(10, TimeUnit.SECONDS).rawBody()).isEqualTo("\"first\"");
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void closingTheChannelFailsItsWaitersAtOnce() throws Exception {
        start();
        fx.join("short");
        CompletableFuture<Message> reply = fx.server.broadcastAwait("short", Message.create("question"),
                Duration.ofMinutes(5));
        assertThat(fx.server.closeChannel("short")).isTrue();
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ChannelNotFoundException.class);
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void aCancelledWaiterIsRemovedAndItsReplyIsHandledAsAnOrdinaryMessage() throws Exception {
        start();
        ServerFixture.Joined member = fx.join("c");
        CompletableFuture<Message> reply = fx.server.broadcastAwait("c",
                Message.create("question").withCorrelationId("cancelled-id"), Duration.ofMinutes(5));
        message(member.client().next());
        reply.cancel(false);
        assertThat(fx.server.pendingReplies()).isZero();
        member.client().send(EnvelopeCodecHelper.reply("echo", "cancelled-id", "1"));
        assertThat(message(member.client().next()).type()).isEqualTo("echo");
        assertThatThrownBy(reply::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void closingTheServerFailsWaitersAndRefusesNewOnes() throws Exception {
        start();
        fx.join("s");
        CompletableFuture<Message> reply = fx.server.broadcastAwait("s", Message.create("question"),
                Duration.ofMinutes(5));
        fx.server.close();
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(fx.server.pendingReplies()).isZero();
        assertThat(fx.server.broadcastAwait("s", Message.create("q"), Duration.ofSeconds(1)))
                .isCompletedExceptionally();
        fx.connect("s").closed().get(10, TimeUnit.SECONDS);
        assertThat(fx.server.connectionCount()).isZero();
        assertThat(request("x", "s", "1")).isNotEmpty();
    }
}
