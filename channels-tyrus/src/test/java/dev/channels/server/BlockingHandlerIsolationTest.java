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
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 1: a handler that blocks on one connection does not stall another connection's
 * replies. On the standalone runner a WebSocket connection's frames are read and handled on a Grizzly
 * selector thread shared by many connections ({@code ReadThread.EVENT_LOOP}); a handler that blocks
 * there, run inline, would stop every connection of that selector. Eight connections each park a
 * handler (more than there are selector threads, which take connections in turn), then a ninth asks
 * for an echo: it must get it while all eight are still parked.
 *
 * <p>The same for the application's {@code onClientLeft} hook: a client's close frame is read on a
 * selector thread, and the leave it starts runs that hook, so on an event loop the leave goes to the
 * connection's lane. Without the execution model (lanes) both tests fail on the event-loop runner; on a
 * runner whose read threads may block (Jetty, Tyrus's container) they pass as is.
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

    @Test
    void aParkedLeaveHookDoesNotStallAnotherConnectionsReply() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .listener(new ServerListener() {
                    @Override
                    public void onClientLeft(ClientInfo client) {
                        if (!client.channelId().startsWith("park-")) {
                            return;
                        }
                        parked.incrementAndGet();
                        try {
                            release.await(60, TimeUnit.SECONDS); // a hook that blocks (a database write)
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        ServerFixture.Joined other = fx.join("other");
        List<ServerFixture.Joined> leavers = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            leavers.add(fx.join("park-" + i));
        }
        for (ServerFixture.Joined p : leavers) {
            p.client().close(); // a close frame, read on the connection's selector thread
        }
        org.awaitility.Awaitility.await("every leaving connection's hook reached (none stalled by another's)")
                .atMost(Duration.ofSeconds(30)).until(() -> parked.get() == PARKED);

        other.client().send(request("echo", "other", "\"still here\""));
        Message echo = message(other.client().next(Duration.ofSeconds(20)));
        assertThat(echo.type()).isEqualTo("echo");
        assertThat(release.getCount()).as("the hooks were still parked").isEqualTo(1);
        release.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.members("park-0").isEmpty());
    }
}
