package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.testkit.RecordingClient;
import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 case 3, scaled for CI: joins, recovery replays that overflow their members, leaves with
 * presence events, big publications and the engine's sweeps, all at once on one channel. Before the
 * fix the in-memory engine delivered under the channel's lock while a replaying member's outbox,
 * overflowing, left and published {@code presence.left} under the outbox's monitor: a Java-level
 * deadlock that stopped the server for good. The test fails with a thread dump when the JVM finds a
 * deadlock, or when the server no longer answers a canary afterwards.
 */
class DeliveryDeadlockTest {

    private static final Duration RUN = Duration.ofSeconds(12);
    private static final String CHANNEL = "big";
    private static final String BIG_BODY = "\"" + "x".repeat(40_000) + "\"";

    private ServerFixture fx;

    /** Closes the server; a server that cannot close (its close waits on a deadlocked lock) fails the test instead of hanging it. */
    @AfterEach
    void stop() throws InterruptedException {
        if (fx == null) {
            return;
        }
        Thread closer = new Thread(fx::close, "fixture-close");
        closer.setDaemon(true);
        closer.start();
        closer.join(Duration.ofSeconds(60).toMillis());
        assertThat(closer.isAlive()).as("the server did not close within 60 s; threads:%n%s", ThreadDumps.all()).isFalse();
    }

    private static Message nextOfType(RecordingClient c, String type) throws InterruptedException {
        while (true) {
            Message m = message(c.next(Duration.ofSeconds(30)));
            if (m.type().equals(type)) {
                return m;
            }
        }
    }

    /** A canary in another channel gets its echo; a new member of the hot channel joins and gets its own chat. */
    private void stillAnswers(ServerFixture.Joined first) throws Exception {
        // the server still answers: a canary in another channel and a member of the hot channel
        try (RecordingClient canary = RecordingClient.connect(fx.uri("canary"))) {
            canary.next(Duration.ofSeconds(30));
            canary.send(request("echo", "canary", "\"ping\""));
            assertThat(nextOfType(canary, "echo").body().toString()).contains("ping");
        }
        try (RecordingClient member = RecordingClient.connect(fx.uri(CHANNEL))) {
            Message join = message(member.next(Duration.ofSeconds(30)));
            assertThat(join.type()).isEqualTo("join.success");
            member.send(request("chat", CHANNEL, "\"hello\""));
            assertThat(nextOfType(member, "chat").body().toString()).contains("hello");
        }
    }

    @Test
    void joinsReplaysOverflowsAndSweepsTogetherNeverDeadlock() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                // 40 retained messages of 40,000 characters; a queue of 400,000: a full replay overflows
                .options(ServerOptions.builder()
                        .historySize(40).historyTtl(Duration.ofSeconds(3)) // short TTL: the sweeper trims while all this runs
                        .maxQueuedFrames(64).maxQueuedChars(400_000).overflowPolicy(OverflowPolicy.DISCONNECT)
                        .presenceEvents(true).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))));
        ServerFixture.Joined first = fx.join(CHANNEL);
        String epoch = first.joinSuccess().header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        for (int i = 0; i < 40; i++) {
            first.client().send(request("chat", CHANNEL, BIG_BODY));
        }
        for (int i = 0; i < 40; i++) {
            first.client().next(Duration.ofSeconds(30));
        }

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong rejoins = new AtomicLong();
        AtomicLong published = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(28);
        String uri = fx.uri(CHANNEL);
        try {
            for (int i = 0; i < 20; i++) { // recovering clients: since=0 replays everything and overflows
                boolean full = i % 4 != 0;
                pool.execute(() -> {
                    while (running.get()) {
                        long since = full ? 0 : Math.max(0, published.get() - 3);
                        try (RecordingClient c = RecordingClient.connect(uri + "?since=" + since + "&epoch=" + epoch)) {
                            c.poll(Duration.ofMillis(200 + (full ? 0 : 300)));
                            rejoins.incrementAndGet();
                        } catch (Exception e) {
                            // refused or cut: the server's business; the checks below say whether it still works
                        }
                    }
                });
            }
            for (int i = 0; i < 4; i++) { // members coming and going: presence.joined / presence.left
                pool.execute(() -> {
                    while (running.get()) {
                        try (RecordingClient c = RecordingClient.connect(uri)) {
                            c.poll(Duration.ofMillis(100));
                        } catch (Exception e) {
                            // as above
                        }
                    }
                });
            }
            for (int i = 0; i < 2; i++) { // publishers of big messages, reading what they get
                pool.execute(() -> {
                    while (running.get()) {
                        try (RecordingClient c = RecordingClient.connect(uri)) {
                            for (int n = 0; n < 50 && running.get() && c.isOpen(); n++) {
                                c.send(request("chat", CHANNEL, BIG_BODY));
                                published.incrementAndGet();
                                Thread.sleep(20);
                                c.drain();
                            }
                        } catch (Exception e) {
                            // as above
                        }
                    }
                });
            }
            long end = System.nanoTime() + RUN.toNanos();
            while (System.nanoTime() < end) {
                String deadlock = ThreadDumps.deadlock();
                assertThat(deadlock).as("a deadlock after %d rejoins", rejoins.get()).isNull();
                first.client().drain();
                Thread.sleep(500);
            }
        } finally {
            running.set(false);
            pool.shutdown();
        }
        boolean workersDone = pool.awaitTermination(60, TimeUnit.SECONDS);
        assertThat(ThreadDumps.deadlock()).as("a deadlock after %d rejoins", rejoins.get()).isNull();
        assertThat(workersDone).as("the clients finished; threads:%n%s", ThreadDumps.all()).isTrue();
        assertThat(rejoins.get()).as("recovering joins made").isGreaterThan(20);

        try {
            stillAnswers(first);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("the server no longer answers after " + rejoins.get() + " recovering joins; threads:\n"
                    + ThreadDumps.all(), e);
        }
        System.getLogger(DeliveryDeadlockTest.class.getName()).log(System.Logger.Level.INFO,
                "{0} recovering joins, {1} big publications, no deadlock", rejoins.get(), published.get());
        // every client of the workers has gone, and so has its membership (the first member may have been cut too)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> fx.server.members(CHANNEL).stream().allMatch(first.clientId()::equals));
    }
}
