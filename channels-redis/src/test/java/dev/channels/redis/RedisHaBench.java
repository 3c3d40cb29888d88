package dev.channels.redis;

import dev.channels.api.Message;
import dev.channels.client.ChannelClient;
import dev.channels.client.ChannelState;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.ServerListener;
import dev.channels.testkit.RedisServerProcess;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The measurements of issue 22 item 1 (a main, not a test; test scope of channels-redis because it
 * needs {@link RedisHa}, {@link FailoverRun} and {@link ClusterNode}): the failover scenario once on
 * Sentinel and once on a Redis Cluster (time from kill -9 of the primary to the first cross-node
 * delivery, publishes lost silently and duplicated), then fan-out deliveries/s of two server nodes
 * with 100 members (50 on each) on a Redis Cluster as a ratio to the same on a single Redis, both up
 * in the same run, rounds interleaved. Everything runs in this JVM (nodes, members, a server-side
 * publisher on node A publishing one message after the other), so the absolute rates are this
 * machine's; the ratio is the figure. channels-bench's ClusterBench compares a Redis pair with an
 * in-memory node in separate JVMs and does not start a Redis Cluster; this stays small instead.
 *
 * <pre>
 * ./mvnw -q -o -pl channels-redis -am test-compile
 * java -cp "$(cat cp.txt):channels-redis/target/classes:channels-redis/target/test-classes" dev.channels.redis.RedisHaBench [messages] [rounds]
 * </pre>
 */
public final class RedisHaBench {

    private RedisHaBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        PrintStream out = System.out; // the results are this program's output
        try (RedisHa ha = RedisHa.sentinel()) {
            out.println("# sentinel failover: " + FailoverRun.run(ha, ha.uri(), "bench-sentinel"));
        }
        try (RedisHa ha = RedisHa.cluster()) {
            out.println("# cluster failover: " + FailoverRun.run(ha, ha.seedsUri(), "bench-cluster"));
        }
        try (RedisServerProcess single = RedisServerProcess.start(); RedisHa cluster = RedisHa.cluster();
             Opened open = new Opened()) {
            Fanout onSingle = new Fanout(open, single.uri(), "fanout-single");
            Fanout onCluster = new Fanout(open, cluster.uri(), "fanout-cluster");
            onSingle.round(50); // warm-up
            onCluster.round(50);
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double s = r % 2 == 0 ? onSingle.round(messages) : 0;
                double c = onCluster.round(messages);
                if (r % 2 == 1) {
                    s = onSingle.round(messages);
                }
                ratios.add(c / s);
                out.printf(Locale.ROOT, "# fan-out round %d: single Redis %.0f deliveries/s, Redis Cluster %.0f deliveries/s, ratio %.2f%n",
                        r + 1, s, c, c / s);
            }
            ratios.sort(null);
            out.printf(Locale.ROOT, "# fan-out: Redis Cluster / single Redis deliveries/s, median of %d rounds: %.2f (2 nodes, 100 members, %d messages a round)%n",
                    rounds, ratios.get(ratios.size() / 2), messages);
        }
        System.exit(0);
    }

    /** Two nodes on one Redis, 50 members on each in one channel. */
    private static final class Fanout {
        private final ClusterNode a;
        private final String channel;
        private final List<AtomicInteger> received = new ArrayList<>();
        private int sent;

        Fanout(Opened open, String uri, String channel) throws Exception {
            this.channel = channel;
            a = open.add(ClusterNode.chat(uri, new ServerListener() { }));
            ClusterNode b = open.add(ClusterNode.chat(uri, new ServerListener() { }));
            List<ChannelClient> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                AtomicInteger count = new AtomicInteger();
                received.add(count);
                ChannelClient client = open.add(ChannelClient.builder().reconnect(ReconnectPolicy.none())
                        .listener("chat", (ctx, msg) -> {
                            count.incrementAndGet();
                            return msg.noContent();
                        }).build());
                client.join((i % 2 == 0 ? a : b).base(), channel);
                clients.add(client);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!clients.stream().allMatch(c -> c.channel(channel).map(j -> j.state() == ChannelState.OPEN).orElse(false))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("members did not join " + channel);
                }
                Thread.sleep(50);
            }
        }

        /** Publishes {@code n} messages on node A, one after the other; deliveries/s until every member has them all. */
        double round(int n) throws InterruptedException {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a.server.broadcast(channel, Message.create("chat").withBody("m" + i));
            }
            sent += n;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!received.stream().allMatch(c -> c.get() >= sent)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every member got every message on " + channel);
                }
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return n * (double) received.size() / seconds;
        }
    }
}
