package dev.channels.server;

import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ChannelHeaders;
import dev.channels.testkit.RecordingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 case 3 at full size, by hand (skipped unless {@code -Dchannels.fullSize=true}): 100 retained
 * messages of 60,000 characters, 200 clients ({@code -Drejoin.clients}) rejoin at once with
 * {@code since=0}; logs how many got the whole replay, how many were cut, whether the JVM found a
 * deadlock, and a canary's echo time. Tyrus: {@code ./mvnw -o -pl channels-tyrus -am test
 * -Dtest=BigRejoinMeasureTest -Dchannels.fullSize=true -Dsurefire.failIfNoSpecifiedTests=false};
 * Jetty: the same with {@code -pl channels-jetty-tests ... verify}. The CI-sized check is
 * {@link DeliveryDeadlockTest}; the 3,000-member cascade is {@link SlowReaderCascadeTest} with
 * {@code -Dcascade.stalled=3000}.
 */
class BigRejoinMeasureTest {

    private static final System.Logger LOG = System.getLogger(BigRejoinMeasureTest.class.getName());

    @Test
    void twoHundredClientsRejoinAtOnceOverABigHistory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("channels.fullSize"), "full size runs by hand");
        int clients = Integer.getInteger("rejoin.clients", 200);
        try (ServerFixture fx = new ServerFixture(ChannelServer.builder()
                .options(ServerOptions.builder().historySize(100).historyTtl(Duration.ofMinutes(5)).presenceEvents(true).build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body()))))) {
            ServerFixture.Joined first = fx.join("big");
            String epoch = first.joinSuccess().header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
            String body = "\"" + "x".repeat(60_000) + "\"";
            for (int i = 0; i < 100; i++) {
                first.client().send(request("chat", "big", body));
                first.client().next(Duration.ofSeconds(30));
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try (RecordingClient c = RecordingClient.connect(fx.uri("big") + "?since=0&epoch=" + epoch)) {
                        int frames = 0;
                        while (frames < 101) {
                            String f = c.poll(Duration.ofSeconds(20));
                            if (f == null) {
                                return c.isOpen() ? -2 : -frames - 10; // stalled / cut after frames
                            }
                            if (!f.contains("presence.")) {
                                frames++;
                            }
                        }
                        return frames;
                    }
                }));
            }
            go.countDown();
            int full = 0;
            int cut = 0;
            int other = 0;
            for (Future<Integer> f : results) {
                int r;
                try {
                    r = f.get(120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    r = -1;
                }
                if (r == 101) {
                    full++;
                } else if (r <= -10) {
                    cut++;
                } else {
                    other++;
                }
            }
            pool.shutdownNow();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String deadlock = ThreadDumps.deadlock();
            LOG.log(System.Logger.Level.INFO, "rejoin on " + dev.channels.testing.TestRunner.current().name() + ": clients=" + clients
                    + " fullReplay=" + full + " cut=" + cut + " other=" + other + " ms=" + ms + " deadlock=" + (deadlock != null));
            assertThat(deadlock).as("deadlock").isNull();
            try (RecordingClient canary = RecordingClient.connect(fx.uri("canary"))) {
                canary.next(Duration.ofSeconds(30));
                long t = System.nanoTime();
                canary.send(request("echo", "canary", "\"ping\""));
                String echo;
                do {
                    echo = canary.next(Duration.ofSeconds(30));
                } while (!echo.contains("\"echo\""));
                LOG.log(System.Logger.Level.INFO, "canary echo ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t)
                        + " members left over=" + (fx.server.members("big").size() - 1) + " connections=" + fx.server.connectionCount());
            }
        }
    }
}
