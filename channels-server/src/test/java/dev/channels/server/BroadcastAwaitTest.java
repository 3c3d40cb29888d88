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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Broadcast-and-await: who may answer, and that no waiter outlives its channel, its server or a cancel. */
class BroadcastAwaitTest {

    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    private ServerFixture start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))));
        return fx;
    }

    /** Broadcasts a "question" with {@code correlationId} to the member's channel and awaits a reply; the member got it. */
    private CompletableFuture<Message> askAndSeeItArrive(ServerFixture.Joined member, String correlationId, Duration timeout)
            throws InterruptedException {
        CompletableFuture<Message> reply = fx.server.broadcastAwait(member.joinSuccess().channelId(),
                Message.create("question").withCorrelationId(correlationId), timeout);
        assertThat(message(member.client().next()).correlationId()).isEqualTo(correlationId);
        return reply;
    }

    /** The wait fails (well before its own timeout) with {@code cause}, and no wait is left pending. */
    private void failsAtOnceWith(CompletableFuture<Message> reply, Class<? extends Throwable> cause) {
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(cause);
        assertThat(fx.server.pendingReplies()).isZero();
    }

    @Test
    void onlyAMemberOfTheChannelCanAnswerAndAnOutsidersMessageIsHandledAsUsual() throws Exception {
        start();
        ServerFixture.Joined member = fx.join("q");
        ServerFixture.Joined outsider = fx.join("elsewhere");
        CompletableFuture<Message> reply = askAndSeeItArrive(member, "known-id", Duration.ofSeconds(30));

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
        CompletableFuture<Message> first = askAndSeeItArrive(member, "same-id", Duration.ofSeconds(30));

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
        CompletableFuture<Message> reply = askAndSeeItArrive(fx.join("short"), "short-id", Duration.ofMinutes(5));
        assertThat(fx.server.closeChannel("short")).isTrue();
        failsAtOnceWith(reply, ChannelNotFoundException.class);
    }

    @Test
    void aCancelledWaiterIsRemovedAndItsReplyIsHandledAsAnOrdinaryMessage() throws Exception {
        start();
        ServerFixture.Joined member = fx.join("c");
        CompletableFuture<Message> reply = askAndSeeItArrive(member, "cancelled-id", Duration.ofMinutes(5));
        reply.cancel(false);
        assertThat(fx.server.pendingReplies()).isZero();
        member.client().send(EnvelopeCodecHelper.reply("echo", "cancelled-id", "1"));
        assertThat(message(member.client().next()).type()).isEqualTo("echo");
        assertThatThrownBy(reply::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void closingTheServerFailsWaitersAndRefusesNewOnes() throws Exception {
        start();
        CompletableFuture<Message> reply = askAndSeeItArrive(fx.join("s"), "s-id", Duration.ofMinutes(5));
        fx.server.close();
        failsAtOnceWith(reply, IllegalStateException.class);
        assertThat(fx.server.broadcastAwait("s", Message.create("q"), Duration.ofSeconds(1)))
                .isCompletedExceptionally();
        fx.connect("s").closed().get(10, TimeUnit.SECONDS);
        assertThat(fx.server.connectionCount()).isZero();
        assertThat(request("x", "s", "1")).isNotEmpty();
    }
}
