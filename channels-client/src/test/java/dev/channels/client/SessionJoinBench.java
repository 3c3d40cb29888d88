package dev.channels.client;

import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.testing.TestRunner;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A measurement, not a test (issue 21 "Measure"): the time for one client to join {@code N} channels (until
 * every {@code join.success}) on one session against {@code N} channel connections, on the same server in the
 * same run; joins one after another (as a caller of the blocking {@code join} does) and 16 at a time. Prints
 * the median of the rounds after a warm-up. Run with the test classpath:
 * {@code java -cp <test classpath> dev.channels.client.SessionJoinBench [channels] [rounds]}.
 */
public final class SessionJoinBench {

    private SessionJoinBench() {
    }

    public static void main(String[] args) throws Exception {
        int channels = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().maxChannelsPerSession(channels).build()).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            URI base = URI.create("ws://localhost:" + running.port() + "/ws");
            for (boolean parallel : new boolean[] {false, true}) {
                for (boolean sessions : new boolean[] {true, false}) {
                    List<Long> times = new ArrayList<>();
                    for (int round = 0; round < rounds + 2; round++) { // two warm-up rounds
                        long t = joinAll(base, channels, sessions, parallel, pool);
                        if (round >= 2) {
                            times.add(t);
                        }
                    }
                    times.sort(null);
                    System.out.printf("%d channels, %s, %s: median %.1f ms (min %.1f, max %.1f) over %d rounds%n",
                            channels, sessions ? "one session" : "a connection per channel",
                            parallel ? "16 joins at a time" : "one join after another",
                            times.get(times.size() / 2) / 1e6, times.get(0) / 1e6, times.get(times.size() - 1) / 1e6, rounds);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Nanoseconds from the first join to the last join.success; the client is closed afterwards (not timed). */
    private static long joinAll(URI base, int channels, boolean sessions, boolean parallel, ExecutorService pool) {
        try (ChannelClient client = ChannelClient.builder().sessions(sessions).build()) {
            long start = System.nanoTime();
            if (parallel) {
                List<CompletableFuture<?>> joins = new ArrayList<>();
                for (int i = 0; i < channels; i++) {
                    String channel = "bench-" + i;
                    joins.add(CompletableFuture.runAsync(() -> client.join(base, channel), pool));
                }
                CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).join();
            } else {
                for (int i = 0; i < channels; i++) {
                    client.join(base, "bench-" + i);
                }
            }
            long elapsed = System.nanoTime() - start;
            if (client.channelIds().size() != channels) {
                throw new IllegalStateException("joined " + client.channelIds().size());
            }
            return elapsed;
        }
    }
}
