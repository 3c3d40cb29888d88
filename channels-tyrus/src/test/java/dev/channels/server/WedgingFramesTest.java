package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames that once wedged a connection (the hardening issue, cases 1 and 2): each gets a defined
 * outcome, and a canary member of the same channel keeps getting its messages afterwards.
 */
class WedgingFramesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ServerFixture fx;
    private ServerFixture.Joined sender;
    private ServerFixture.Joined canary;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("overflow", (ctx, msg) -> {
                    throw new StackOverflowError("handler recursed");
                }));
        sender = fx.join("room");
        canary = fx.join("room");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** The canary (and, when {@code senderToo}, the sender) still gets a chat line sent now. */
    private void assertChannelStillDelivers(boolean senderToo) throws Exception {
        ServerFixture.Joined from = senderToo ? sender : fx.join("room");
        from.client().send(request("chat", "room", "\"still here\""));
        assertThat(message(canary.client().next(WAIT)).rawBody()).isEqualTo("\"still here\"");
        if (senderToo) {
            assertThat(message(sender.client().next(WAIT)).rawBody()).isEqualTo("\"still here\"");
        }
    }

    private void assertBadRequestAndStillOpen(String frame) throws Exception {
        sender.client().send(frame);
        ErrorMessage e = error(sender.client().next(WAIT));
        assertThat(e.detail()).map(ErrorDetail::errCode).contains("400");
        assertThat(sender.client().isOpen()).isTrue();
        assertThat(fx.server.members("room")).contains(sender.clientId());
        assertChannelStillDelivers(true);
    }

    @Test
    void jsonNestedTooDeepGetsA400AndTheConnectionStaysUsable() throws Exception {
        assertBadRequestAndStillOpen("[".repeat(1001) + "]".repeat(1001));
    }

    @Test
    void aBodyNestedTooDeepGetsA400AndTheConnectionStaysUsable() throws Exception {
        assertBadRequestAndStillOpen("{\"type\":\"chat\",\"body\":" + "[".repeat(1001) + "]".repeat(1001) + "}");
    }

    @Test
    void aNumberWithTooManyDigitsGetsA400AndTheConnectionStaysUsable() throws Exception {
        assertBadRequestAndStillOpen("{\"type\":\"chat\",\"body\":" + "1".repeat(1_200) + "}");
    }

    @Test
    void anEscapedLoneSurrogateReachesEveryMemberUnchanged() throws Exception {
        sender.client().send("{\"type\":\"chat\",\"body\":\"\\ud800\"}");

        for (ServerFixture.Joined member : new ServerFixture.Joined[] {sender, canary}) {
            String frame = member.client().next(WAIT);
            assertThat(frame).contains("\"body\":\"\\ud800\""); // the body is passed on as sent
            assertThat(((jakarta.json.JsonString) message(frame).body()).getString()).isEqualTo("\ud800");
        }
        assertChannelStillDelivers(true);
    }

    @Test
    void aServerBroadcastWithALoneSurrogateReachesEveryMember() throws Exception {
        assertThat(fx.server.broadcast("room", Message.create("news").withBody("a\udc00b"))).isEqualTo(2);

        for (ServerFixture.Joined member : new ServerFixture.Joined[] {sender, canary}) {
            String frame = member.client().next(WAIT);
            assertThat(frame).contains("\"body\":\"a\\uDC00b\"");
            assertThat(((jakarta.json.JsonString) message(frame).body()).getString()).isEqualTo("a\udc00b");
        }
        assertChannelStillDelivers(true);
    }

    @Test
    void anErrorEscapingAHandlerClosesThatConnectionWith1011AndLeavesNoZombie() throws Exception {
        sender.client().send(request("overflow", "room", "null"));

        assertThat(sender.client().closed().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .getCloseCode().getCode()).isEqualTo(1011);
        await().atMost(WAIT).until(() -> !fx.server.members("room").contains(sender.clientId()));
        assertThat(fx.server.connectionCount()).isEqualTo(1);
        assertChannelStillDelivers(false);
    }
}
