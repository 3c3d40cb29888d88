package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 1: a handler that blocks on one connection does not stall another connection's
 * replies. On the standalone runner a WebSocket connection's frames are read and handled on a Grizzly
 * selector thread shared by many connections ({@code ReadThread.EVENT_LOOP}); a handler that blocks
 * there, run inline, would stop every connection of that selector. Eight connections each park a
 * handler (more than there are selector threads, which take connections in turn), then a ninth asks
 * for an echo: it must get it while all eight are still parked.
 *
 * <p>NEEDS the handler execution model of the server core (branch i23-exec: a handler that may block
 * runs on the connection's worker lane when the runner declares {@code EVENT_LOOP}). Without it this
 * test fails on the event-loop runner (verified: the handlers of the connections read by a selector thread
 * whose handler is parked are never reached, nor would the echo be); enable it when that
 * branch is merged. On a runner whose read threads may block (Jetty, Tyrus's container) it passes as is.
 */
class BlockingHandlerIsolationTest {

    private static final int PARKED = 8;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger parked = new AtomicInteger();
    private ServerFixture fx;

    @AfterEach
    void stop() {
        release.countDown();
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    @Disabled("needs the handler execution model of i23-exec (blocking handlers off the event loop); enable on merge")
    void aParkedHandlerDoesNotStallAnotherConnectionsReply() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .directHandler("park", (ctx, msg) -> {
                    parked.incrementAndGet();
                    try {
                        release.await(60, TimeUnit.SECONDS); // a handler that blocks (a slow call, a lock)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of(msg.newFrom("parked").withBody(msg.body()));
                }));
        List<ServerFixture.Joined> parkers = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            parkers.add(fx.join("park-" + i));
        }
        for (ServerFixture.Joined p : parkers) {
            p.client().send(request("park", p.joinSuccess().channelId(), "1"));
        }
        // on an event loop without the lane this already fails: a parked handler keeps its selector from
        // reading the other connections' frames
        org.awaitility.Awaitility.await("every connection's handler reached (none stalled by another's)")
                .atMost(Duration.ofSeconds(30)).until(() -> parked.get() == PARKED);

        ServerFixture.Joined other = fx.join("other");
        other.client().send(request("echo", "other", "\"still here\""));
        Message echo = message(other.client().next(Duration.ofSeconds(20)));
        assertThat(echo.type()).isEqualTo("echo");
        assertThat(echo.body().toString()).contains("still here");
        assertThat(release.getCount()).as("the parked handlers were still parked").isEqualTo(1);

        release.countDown();
        for (ServerFixture.Joined p : parkers) {
            assertThat(message(p.client().next(Duration.ofSeconds(30))).type()).isEqualTo("parked");
        }
    }
}
