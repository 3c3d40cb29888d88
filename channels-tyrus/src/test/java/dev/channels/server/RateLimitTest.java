package dev.channels.server;

import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testing.TestRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-connection inbound rate limit: over real sockets with the default limit, and the bucket's rules on a synthetic clock. */
class RateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    private ServerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aFloodingClientGets429ThenIsClosedWith1008WhileACanaryInItsChannelKeepsReceiving() throws Exception {
        fx = new ServerFixture(ChannelServer.builder() // the default limit: nothing configured
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
        ServerFixture.Joined canary = fx.join("flood");
        ServerFixture.Joined flooder = fx.join("flood");

        int sent = 0;
        try {
            for (; sent < 20_000 && flooder.client().isOpen(); sent++) {
                flooder.client().send(request("chat", "flood", "{\"flood\":" + sent + "}"));
            }
        } catch (IOException | RuntimeException closedUnderUs) {
            // the server closed the flooder while it was still sending: what this test expects (Tyrus throws
            // IllegalStateException, or a bare RuntimeException "Socket is not connected" when the close lands
            // between isOpen() and sendText)
        }

        int code = flooder.client().closed().get(30, TimeUnit.SECONDS).getCloseCode().getCode();
        if ("jetty".equals(TestRunner.current().name()) && code == 1006) {
            // known gap (README): the Jetty runner has no lingering close, so a client still sending when it
            // is closed may be reset before it reads the close frame (and the 429 before it); the server-side
            // outcome below is checked all the same
        } else {
            assertThat(code).isEqualTo(1008);
            List<ErrorMessage> errors = new ArrayList<>();
            for (String frame : flooder.client().drain()) {
                if (EnvelopeCodec.decode(frame) instanceof ErrorMessage e) {
                    errors.add(e);
                }
            }
            assertThat(errors).as("one 429 for the excess, not one per dropped message").singleElement()
                    .satisfies(e -> assertThat(e.detail()).map(ErrorDetail::errCode).contains("429"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.connectionCount() == 1);
        ServerStats stats = fx.server.stats();
        assertThat(stats.rateLimitDisconnects()).isEqualTo(1);
        assertThat(stats.rateLimited()).isEqualTo(RateLimit.defaults().disconnectAfter() + 1);

        for (int i = 0; i < 20; i++) {
            canary.client().send(request("chat", "flood", "{\"canary\":" + i + "}"));
        }
        int next = 0;
        while (next < 20) {
            Envelope e = EnvelopeCodec.decode(canary.client().next(Duration.ofSeconds(15)));
            assertThat(e).isInstanceOf(Message.class);
            String body = ((Message) e).rawBody();
            if (body.contains("canary")) {
                assertThat(body).isEqualTo("{\"canary\":" + next + "}");
                next++;
            }
        }
        assertThat(canary.client().isOpen()).isTrue();
    }

    @Test
    void aBurstIsAdmittedAndOnlyTheExcessDropped() {
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimit.builder().messagesPerSecond(10).burst(5).disconnectAfter(3).build(), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.ADMIT);
        }
        assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.REJECT_AND_WARN);
        assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.REJECT);
        assertThat(limiter.admit(SECOND / 10)).as("one token back after 100 ms").isEqualTo(InboundRateLimiter.Verdict.ADMIT);
    }

    @Test
    void aClientThatStaysQuietUntilTheBucketIsFullIsForgiven() {
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimit.builder().messagesPerSecond(10).burst(5).disconnectAfter(3).build(), 0);
        for (int i = 0; i < 5; i++) {
            limiter.admit(0);
        }
        assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.REJECT_AND_WARN);
        assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.REJECT);
        long later = SECOND; // 10 tokens' worth: full again
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admit(later)).isEqualTo(InboundRateLimiter.Verdict.ADMIT);
        }
        assertThat(limiter.admit(later)).as("a new excess is warned again").isEqualTo(InboundRateLimiter.Verdict.REJECT_AND_WARN);
    }

    @Test
    void sendingSteadilyAtTwiceTheRateEndsInADisconnect() {
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimit.builder().messagesPerSecond(10).burst(5).disconnectAfter(3).build(), 0);
        List<InboundRateLimiter.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 100 && !verdicts.contains(InboundRateLimiter.Verdict.DISCONNECT); i++) {
            verdicts.add(limiter.admit(i * SECOND / 20)); // 20 messages/s against 10 allowed
        }
        assertThat(verdicts).contains(InboundRateLimiter.Verdict.DISCONNECT);
        assertThat(verdicts.stream().filter(v -> v == InboundRateLimiter.Verdict.REJECT_AND_WARN)).hasSize(1);
        assertThat(limiter.admit(1000 * SECOND)).as("stays cut").isEqualTo(InboundRateLimiter.Verdict.CLOSING);
    }

    @Test
    void aBacklogTheServerReadLateIsDroppedOverTheBurstButNeverCut() {
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimit.builder().messagesPerSecond(10).burst(5).disconnectAfter(3).build(), 0);
        assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.ADMIT); // then 30 s unread, at 5 messages/s
        List<InboundRateLimiter.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            verdicts.add(limiter.admit(30 * SECOND)); // all read at once
        }
        assertThat(verdicts).doesNotContain(InboundRateLimiter.Verdict.DISCONNECT)
                .filteredOn(v -> v == InboundRateLimiter.Verdict.ADMIT).hasSize(5);
        assertThat(limiter.admit(31 * SECOND)).as("and it goes on at its legal rate").isEqualTo(InboundRateLimiter.Verdict.ADMIT);
    }

    @Test
    void aFloodInOneWriteRightAfterJoiningIsCutAtArrival() {
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimit.builder().messagesPerSecond(10).burst(5).disconnectAfter(3).build(), 0);
        List<InboundRateLimiter.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            verdicts.add(limiter.admit(SECOND)); // arrived together, however long the server takes to handle them
        }
        assertThat(verdicts).startsWith(InboundRateLimiter.Verdict.ADMIT, InboundRateLimiter.Verdict.ADMIT,
                InboundRateLimiter.Verdict.ADMIT, InboundRateLimiter.Verdict.ADMIT, InboundRateLimiter.Verdict.ADMIT,
                InboundRateLimiter.Verdict.REJECT_AND_WARN).contains(InboundRateLimiter.Verdict.DISCONNECT);
    }

    @Test
    void unlimitedAdmitsEverything() {
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimit.unlimited(), 0);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.admit(0)).isEqualTo(InboundRateLimiter.Verdict.ADMIT);
        }
    }
}
