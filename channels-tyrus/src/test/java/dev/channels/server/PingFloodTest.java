package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.testkit.HeapCensus;
import dev.channels.testkit.RawFrameClient;
import dev.channels.testing.TestRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that sends pings and never reads its pongs costs the server no memory (issue 20, case 2:
 * the Tyrus runner queued a pong per ping without bound, ~650 B each, until it ran out of heap).
 * Rate limiting is off here so that only the write path is under test; another member keeps
 * receiving. {@code -Dchannels.test.pings=2000000} runs it at the size of the measurement.
 */
class PingFloodTest {

    private static final int PINGS = Integer.getInteger("channels.test.pings", 200_000);
    private static final int BATCH = 1_000;
    private static final long HEAP_BOUND = 24L * 1024 * 1024;

    @Test
    void pingsThatAreNeverReadDoNotGrowTheServersHeap() throws Exception {
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().rateLimit(RateLimit.unlimited()).build()).build();
        ExecutorService flooder = Executors.newSingleThreadExecutor();
        try (TestRunner.Running running = TestRunner.current().start(server, 0);
             RawFrameClient canary = RawFrameClient.connect(running.port(), "/ws/canary");
             RawFrameClient attacker = RawFrameClient.connect(running.port(), "/ws/flood")) {
            assertThat(canary.nextText()).contains("join.success");
            assertThat(attacker.nextText()).contains("join.success");
            long heapBefore = HeapCensus.usedHeapAfterGc();

            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            byte[] ping = RawFrameClient.frame(0x89, new byte[125]);
            for (int i = 0; i < BATCH; i++) {
                batch.writeBytes(ping);
            }
            byte[] pings = batch.toByteArray();
            AtomicLong sent = new AtomicLong();
            Future<?> flood = flooder.submit(() -> {
                try {
                    for (int i = 0; i < PINGS / BATCH; i++) {
                        attacker.sendBytes(pings);
                        sent.addAndGet(BATCH);
                    }
                } catch (IOException e) {
                    // cut by the server: fine too
                }
                return null;
            });
            // until all are sent, or the server stops reading (backpressure: the write blocks)
            long[] last = {-1};
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                long now = sent.get();
                boolean stalled = now == last[0];
                last[0] = now;
                return flood.isDone() || stalled;
            });

            long heapAfter = HeapCensus.usedHeapAfterGc();
            System.out.printf("[%s] heap after GC: %,d B before, %,d B after %,d unread pings (%,d sent before %s)%n",
                    TestRunner.current().name(), heapBefore, heapAfter, PINGS, sent.get(),
                    flood.isDone() ? "the end" : "the server stopped reading");
            assertThat(heapAfter - heapBefore).as("heap growth after %,d pings", sent.get()).isLessThan(HEAP_BOUND);

            canary.sendText("{\"type\":\"chat\",\"body\":\"still here\"}");
            assertThat(canary.nextText()).contains("still here");
        } finally {
            flooder.shutdownNow();
        }
    }
}
