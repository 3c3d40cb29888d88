package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.testkit.HeapCensus;
import dev.channels.testkit.RawFrameClient;
import dev.channels.testing.TestRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * An ended connection leaves nothing reachable on the server (issue 20, case 1: the Tyrus runner kept
 * every upgraded connection in Grizzly's idle-timeout queue for ever). Connections join and are then
 * ended by a closing handshake, by FIN without one, or by RST; afterwards the registry is empty and a
 * class histogram of the live heap holds no more server-side sockets than before.
 *
 * <p>{@code -Dchannels.test.endedConnections=10000} runs it at the size of the measurement;
 * the heap after GC before and after is printed either way.
 */
class EndedConnectionsTest {

    private static final int CONNECTIONS = Integer.getInteger("channels.test.endedConnections", 2_000);
    /** The server side of every accepted TCP connection, on either runner (test clients use java.net.Socket). */
    private static final String SERVER_SOCKET = "sun.nio.ch.SocketChannelImpl";
    private static final String GRIZZLY_CONNECTION = "org.glassfish.grizzly.nio.transport.TCPNIOConnection";
    private static final Set<String> COUNTED = Set.of(SERVER_SOCKET, GRIZZLY_CONNECTION);

    @Test
    void connectionsEndedByCloseFinOrResetLeaveNothingReachable() throws Exception {
        ChannelServer server = ChannelServer.builder().build();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            endConnections(running, 30); // one-off state (class loading, pools) goes into the baseline
            await().atMost(Duration.ofSeconds(60)).until(() -> server.connectionCount() == 0);
            Map<String, Long> baseline = awaitSettled();
            long heapBefore = HeapCensus.usedHeapAfterGc();

            endConnections(running, CONNECTIONS);

            await().atMost(Duration.ofSeconds(60)).until(() -> server.connectionCount() == 0);
            try {
                // a close that is still within its grace period may hold its connection a few seconds more
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Map<String, Long> now = HeapCensus.liveInstances(COUNTED);
                    for (String name : COUNTED) {
                        assertThat(now.get(name)).as("live %s after %d ended connections (before: %d)", name,
                                CONNECTIONS, baseline.get(name)).isLessThanOrEqualTo(baseline.get(name) + 3);
                    }
                });
            } finally {
                long heapAfter = HeapCensus.usedHeapAfterGc();
                System.out.printf("[%s] heap after GC: %,d B before, %,d B after %,d ended connections (%+,d B per connection)%n",
                        TestRunner.current().name(), heapBefore, heapAfter, CONNECTIONS,
                        (heapAfter - heapBefore) / CONNECTIONS);
            }
        }
    }

    /** The census once nothing of the warm-up is left waiting (a close in its grace period). */
    private static Map<String, Long> awaitSettled() {
        List<Map<String, Long>> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Map<String, Long> now = HeapCensus.liveInstances(COUNTED);
            boolean same = !last.isEmpty() && last.get(0).equals(now);
            last.clear();
            last.add(now);
            return same;
        });
        return last.get(0);
    }

    /**
     * Opens {@code count} connections, 8 at a time, each ended after its {@code join.success}: by a
     * closing handshake (close frame, the server's close frame, its FIN, then ours), by FIN without a
     * close frame, or by RST (SO_LINGER 0). Each client socket is closed before the next one opens.
     */
    private static void endConnections(TestRunner.Running running, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += 8) {
                        RawFrameClient client = RawFrameClient.connect(running.port(), "/ws/ended-" + (i % 50));
                        try {
                            assertThat(client.nextText()).contains("join.success");
                            switch (i % 3) {
                                case 0 -> {
                                    client.sendFrame(0x88, new byte[] {0x03, (byte) 0xE8}); // 1000
                                    assertThat(client.awaitClose()).isEqualTo(1000);
                                    client.awaitEndOfStream();
                                    client.close();
                                }
                                case 1 -> client.close();
                                default -> client.reset();
                            }
                        } finally {
                            client.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
