package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ChannelServer;
import dev.channels.server.ClientInfo;
import dev.channels.server.ReadThread;
import dev.channels.server.RunnerOptions;
import dev.channels.server.ServerListener;
import dev.channels.testkit.RecordingClient;
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
 * Issue 23 item 1, the standalone runner with {@link RunnerOptions#eventLoopReads()}: a connection's
 * frames are read and handled on a Grizzly selector thread shared by many connections
 * ({@link ReadThread#EVENT_LOOP}), so application code that blocks must not run there. Eight connections
 * (more than there are selector threads, which take connections in turn) each park a handler, or park the
 * {@code onClientLeft} hook their close frame starts, then another connection asks for an echo: it must
 * get it while all eight are still parked. Without the execution model's lanes both fail: a parked
 * selector never reads the other connections' frames.
 */
class EventLoopIsolationTest {

    private static final int PARKED = 8;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger parked = new AtomicInteger();
    private final List<RecordingClient> clients = new ArrayList<>();
    private ChannelServer server;
    private StandaloneServer running;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        for (RecordingClient c : clients) {
            c.close();
        }
        if (running != null) {
            running.close();
        }
    }

    private void start(ChannelServer.Builder builder) throws Exception {
        server = builder.directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))).build();
        running = StandaloneServer.start(server, 0, RunnerOptions.builder().eventLoopReads(true).build());
        assertThat(server.readThread()).isEqualTo(ReadThread.EVENT_LOOP);
    }

    private RecordingClient join(String channel) throws Exception {
        RecordingClient c = RecordingClient.connect(running.channelUri(channel).toString());
        clients.add(c);
        assertThat(c.next(WAIT)).contains("join.success");
        return c;
    }

    private void park() {
        parked.incrementAndGet();
        try {
            release.await(60, TimeUnit.SECONDS); // a slow call, a lock, a database write
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertAnotherConnectionIsAnswered(RecordingClient other) throws Exception {
        other.send(EnvelopeCodec.encode(Message.create("echo", "other").withRawBody("\"still here\"")));
        String echo = other.next(WAIT);
        assertThat(echo).contains("\"type\":\"echo\"").contains("still here");
        assertThat(release.getCount()).as("the parked code was still parked").isEqualTo(1);
    }

    @Test
    void aParkedHandlerDoesNotStallAnotherConnectionsReply() throws Exception {
        start(ChannelServer.builder().directHandler("park", (ctx, msg) -> {
            park();
            return Optional.of(msg.newFrom("parked").withBody(msg.body()));
        }));
        RecordingClient other = join("other");
        List<RecordingClient> parkers = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            parkers.add(join("park-" + i));
        }
        for (int i = 0; i < PARKED; i++) {
            parkers.get(i).send(EnvelopeCodec.encode(Message.create("park", "park-" + i).withRawBody("1")));
        }
        await("every connection's handler reached (none stalled by another's)").atMost(WAIT).until(() -> parked.get() == PARKED);
        assertAnotherConnectionIsAnswered(other);
        release.countDown();
        for (RecordingClient p : parkers) {
            assertThat(p.next(WAIT)).contains("\"type\":\"parked\"");
        }
    }

    @Test
    void aParkedLeaveHookDoesNotStallAnotherConnectionsReply() throws Exception {
        start(ChannelServer.builder().listener(new ServerListener() {
            @Override
            public void onClientLeft(ClientInfo client) {
                if (client.channelId().startsWith("park-")) {
                    park();
                }
            }
        }));
        RecordingClient other = join("other");
        List<RecordingClient> leavers = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            leavers.add(join("park-" + i));
        }
        for (RecordingClient l : leavers) {
            l.close(); // a close frame, read on the connection's selector thread
        }
        await("every leaving connection's hook reached (none stalled by another's)").atMost(WAIT).until(() -> parked.get() == PARKED);
        assertAnotherConnectionIsAnswered(other);
        release.countDown();
        await().atMost(WAIT).until(() -> server.members("park-0").isEmpty());
    }
}
