package dev.channels.bench.cluster;

import com.sun.management.OperatingSystemMXBean;
import dev.channels.bench.driver.ChildProcess;
import dev.channels.bench.driver.FanoutGroup;
import dev.channels.bench.driver.Flags;

import dev.channels.testkit.RedisServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster benchmark of issue 13: fan-out on two server nodes clustered on a real Redis, as a ratio
 * to one node on the in-memory engine measured in the same run, and Redis memory per retained message.
 *
 * <p>It starts a {@code redis-server} (free port, no persistence) and three bench server JVMs
 * ({@code BenchServerMain}): {@code memory-node} on the in-memory engine, {@code redis-node-a} and
 * {@code redis-node-b} with {@code --redis}. Two groups of {@code --members} members each join a channel:
 * the in-memory group all on the single node, the Redis group split 50/50 over nodes a and b (member
 * {@code i} on node {@code i mod 2}); in each group member 0 (on node a) publishes and every member, the
 * publisher included, must get every message once and in order. After a warm-up, each round measures
 * both groups' maximum rate (closed loop, {@code --window} in flight; the order alternates each round),
 * then both at the same fixed offered rate ({@code --rate-fraction} of the smaller maximum, open loop,
 * latency from the intended send time), so the Redis group's added latency is a like-for-like
 * difference. Then a fresh Redis measures memory per retained message ({@link RedisMemory}).
 *
 * <p>Output: one JSON line per group and round ({@code cluster-fanout}), one summary line
 * ({@code cluster-fanout-summary}: ratio per round and median, added p50/p99, lost), one memory line
 * ({@code cluster-redis-memory}); each followed by a {@code #} summary line; {@code --out FILE} appends
 * the JSON lines to a file (the report reads them).
 * <pre>
 * java -cp "$CP" dev.channels.bench.cluster.ClusterBench [--members 100] [--messages 2000] [--rounds 3] ...
 * java -cp "$CP" dev.channels.bench.cluster.ClusterBench --help
 * </pre>
 */
public final class ClusterBench {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Flags FLAGS = new Flags("ClusterBench");

    static {
        FLAGS.flag("members", "100", "members per group (the Redis group split over two nodes)");
        FLAGS.flag("messages", "2000", "messages in each maximum-rate phase");
        FLAGS.flag("bytes", "256", "body size in bytes (the driver's frames)");
        FLAGS.flag("window", "64", "maximum-rate phase: messages in flight (sent, not yet delivered to all)");
        FLAGS.flag("rounds", "3", "rounds of (maximum rate, fixed rate) for both groups, interleaved");
        FLAGS.flag("rate-fraction", "0.5", "fixed rate = this fraction of the smaller maximum of the round");
        FLAGS.flag("fixed-seconds", "10", "length of each fixed-rate phase, seconds");
        FLAGS.flag("history", "0", "messages each channel keeps on the fan-out nodes (0: none, the bench server's default)");
        FLAGS.flag("redis-timeout", "", "the Redis engine's command timeout on the nodes (e.g. 15s; it also bounds the "
                + "heartbeat PING); empty: the engine's default (5 s)");
        FLAGS.flag("server-heap", "1g", "heap (-Xms/-Xmx) of each server JVM");
        FLAGS.flag("memory-channels", "100", "Redis memory: channels");
        FLAGS.flag("memory-history", "1000", "Redis memory: messages retained per channel");
        FLAGS.flag("out", "", "also append the JSON result lines to this file");
    }

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(usage());
            return;
        }
        // The results are this program's output (not logging), so they go to standard output.
        run(options(args), System.out);
        System.exit(0);
    }

    static Map<String, String> options(String... args) {
        return FLAGS.parse(args);
    }

    static String usage() {
        return FLAGS.usage();
    }

    /** One side of the comparison: its server nodes, its members, and (for the cluster) its Redis. */
    private static final class Setup {
        final String label;
        final List<NodeProcess> nodes;
        final RedisServerProcess redis;   // null for the in-memory node
        FanoutGroup group;

        Setup(String label, List<NodeProcess> nodes, RedisServerProcess redis) {
            this.label = label;
            this.nodes = nodes;
            this.redis = redis;
        }

        String split(int members) {
            if (nodes.size() == 1) {
                return Integer.toString(members);
            }
            return (members + 1) / 2 + "/" + members / 2;
        }
    }

    static void run(Map<String, String> o, PrintStream out) throws Exception {
        int members = integer(o, "members");
        int messages = integer(o, "messages");
        int bytes = integer(o, "bytes");
        int window = integer(o, "window");
        int rounds = integer(o, "rounds");
        int history = integer(o, "history");
        String heap = o.get("server-heap");
        String loadBefore = loadAverage();
        out.println("# cluster options " + FanoutGroup.json(o));
        List<Map<String, Object>> memoryRounds = new ArrayList<>();
        List<Map<String, Object>> redisRounds = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start();
             NodeProcess single = NodeProcess.start("memory-node", heap, null, null, history);
             NodeProcess a = NodeProcess.start("redis-node-a", heap, redis.uri(), o.get("redis-timeout"), history);
             NodeProcess b = NodeProcess.start("redis-node-b", heap, redis.uri(), o.get("redis-timeout"), history);
             FanoutGroup.Clients clients = new FanoutGroup.Clients()) {
            out.println("# redis-server pid " + redis.handle().pid() + " at " + redis.uri() + "; nodes: memory "
                    + single.baseUrl() + ", redis a " + a.baseUrl() + ", redis b " + b.baseUrl());
            Setup memory = new Setup("memory-1-node", List.of(single), null);
            Setup cluster = new Setup("redis-2-nodes", List.of(a, b), redis);
            long id = System.nanoTime();
            try {
                memory.group = FanoutGroup.join(clients, List.of(single.baseUrl()), "cluster-memory-" + id, members, bytes);
                cluster.group = FanoutGroup.join(clients, List.of(a.baseUrl(), b.baseUrl()), "cluster-redis-" + id,
                        members, bytes);
                int warm = Math.max(50, messages / 10);
                memory.group.maxRate(warm, window);
                cluster.group.maxRate(warm, window);
                for (int round = 1; round <= rounds; round++) {
                    List<Setup> order = round % 2 == 1 ? List.of(memory, cluster) : List.of(cluster, memory);
                    Map<Setup, Map<String, Object>> max = new LinkedHashMap<>();
                    for (Setup s : order) {
                        max.put(s, measured(s, () -> s.group.maxRate(messages, window)));
                    }
                    double slower = Math.min(number(max.get(memory), "messagesPerSec"), number(max.get(cluster), "messagesPerSec"));
                    double rate = Math.max(1, slower * Double.parseDouble(o.get("rate-fraction")));
                    int count = (int) Math.max(20, Math.min(1_000_000, rate * integer(o, "fixed-seconds")));
                    Map<Setup, Map<String, Object>> fixed = new LinkedHashMap<>();
                    for (Setup s : order) {
                        fixed.put(s, measured(s, () -> s.group.fixedRate(rate, count)));
                    }
                    for (Setup s : List.of(memory, cluster)) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("workload", "cluster-fanout");
                        r.put("target", s.label);
                        r.put("round", round);
                        r.put("cores", Runtime.getRuntime().availableProcessors());
                        r.put("members", members);
                        r.put("split", s.split(members));
                        r.put("bytes", bytes);
                        r.put("frameChars", s.group.frameChars());
                        r.put("history", history);
                        r.put("max", max.get(s));
                        r.put("fixed", fixed.get(s));
                        if (s == cluster) {
                            r.put("deliveriesRatioToMemory", number(max.get(cluster), "deliveriesPerSec")
                                    / number(max.get(memory), "deliveriesPerSec"));
                        }
                        (s == memory ? memoryRounds : redisRounds).add(r);
                        report(o, out, r, roundSummary(r));
                    }
                }
                Map<String, Object> summary = summary(members, rounds, memory, cluster, memoryRounds, redisRounds);
                summary.put("loadAverage", loadBefore);
                report(o, out, summary, null);
            } finally {
                for (Setup s : List.of(memory, cluster)) {
                    if (s.group != null) {
                        s.group.close();
                    }
                }
            }
        }
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            String load = loadAverage();
            Map<String, Object> m = RedisMemory.measure(redis, integer(o, "memory-channels"), integer(o, "memory-history"),
                    bytes);
            m.put("loadAverage", load);
            report(o, out, m, String.format(Locale.ROOT,
                    "redis memory: %d channels x %d retained messages of %.0f-char envelopes (body %d B): "
                            + "%.0f B each by used_memory, %.0f B each by MEMORY USAGE of one stream (Redis %s)",
                    m.get("channels"), m.get("history"), m.get("envelopeChars"), bytes, m.get("usedMemoryPerMessage"),
                    m.get("streamBytesPerMessage"), m.get("redisVersion")));
        }
    }

    private static Map<String, Object> summary(int members, int rounds, Setup memory, Setup cluster,
                                               List<Map<String, Object>> memoryRounds,
                                               List<Map<String, Object>> redisRounds) {
        List<Double> ratios = new ArrayList<>();
        List<Double> addedP50 = new ArrayList<>();
        List<Double> addedP99 = new ArrayList<>();
        for (int i = 0; i < redisRounds.size(); i++) {
            ratios.add((Double) redisRounds.get(i).get("deliveriesRatioToMemory"));
            addedP50.add(fixedLatency(redisRounds.get(i), "p50Ms") - fixedLatency(memoryRounds.get(i), "p50Ms"));
            addedP99.add(fixedLatency(redisRounds.get(i), "p99Ms") - fixedLatency(memoryRounds.get(i), "p99Ms"));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "cluster-fanout-summary");
        r.put("members", members);
        r.put("rounds", rounds);
        r.put("ratios", ratios);
        r.put("medianRatio", median(ratios));
        r.put("goalRatio", 0.6);
        r.put("addedP50Ms", addedP50);
        r.put("addedP99Ms", addedP99);
        r.put("medianAddedP50Ms", median(addedP50));
        r.put("medianAddedP99Ms", median(addedP99));
        for (Setup s : List.of(memory, cluster)) {
            Map<String, Object> loss = new LinkedHashMap<>();
            loss.put("expectedDeliveries", s.group.expectedDeliveries());
            loss.put("receivedDeliveries", s.group.receivedDeliveries());
            loss.put("lost", s.group.expectedDeliveries() - s.group.receivedDeliveries());
            loss.put("outOfOrder", s.group.outOfOrder());
            loss.put("closedByServer", s.group.closedMembers());
            r.put(s.label, loss);
        }
        r.put("lost", (Long) ((Map<?, ?>) r.get(memory.label)).get("lost") + (Long) ((Map<?, ?>) r.get(cluster.label)).get("lost"));
        r.put("outOfOrder", memory.group.outOfOrder() + cluster.group.outOfOrder());
        return r;
    }

    private static String summarise(Map<String, Object> s) {
        return String.format(Locale.ROOT,
                "cluster summary: 2 Redis nodes reach %.0f%% of one in-memory node's deliveries/s (median of %s rounds; "
                        + "goal 60%%); added latency at the same fixed rate p50 %+.2f ms, p99 %+.2f ms; lost %d, out of order %d",
                100 * (Double) s.get("medianRatio"), s.get("rounds"), s.get("medianAddedP50Ms"), s.get("medianAddedP99Ms"),
                s.get("lost"), s.get("outOfOrder"));
    }

    private static String roundSummary(Map<String, Object> r) {
        @SuppressWarnings("unchecked") Map<String, Object> max = (Map<String, Object>) r.get("max");
        @SuppressWarnings("unchecked") Map<String, Object> fixed = (Map<String, Object>) r.get("fixed");
        @SuppressWarnings("unchecked") Map<String, Object> cpu = (Map<String, Object>) max.get("cpu");
        return String.format(Locale.ROOT,
                "cluster-fanout round %s %s N=%s (%s): max %.0f deliveries/s%s (p50 %.2f ms, p99 %.2f ms); "
                        + "at %.0f msg/s: p50 %.2f ms, p99 %.2f ms; cpu cores driver %.2f nodes %.2f redis %.2f",
                r.get("round"), r.get("target"), r.get("members"), r.get("split"), number(max, "deliveriesPerSec"),
                r.containsKey("deliveriesRatioToMemory")
                        ? String.format(Locale.ROOT, " = %.0f%% of the in-memory node", 100 * (Double) r.get("deliveriesRatioToMemory"))
                        : "",
                latency(max, "p50Ms"), latency(max, "p99Ms"), number(fixed, "offeredMessagesPerSec"),
                latency(fixed, "p50Ms"), latency(fixed, "p99Ms"),
                number(cpu, "driverCores"), number(cpu, "nodeCores"), number(cpu, "redisCores"));
    }

    private interface PhaseRun {
        Map<String, Object> run() throws Exception;
    }

    /** Runs a phase and adds the cores used by the driver, the setup's nodes and its Redis over it. */
    private static Map<String, Object> measured(Setup s, PhaseRun phase) throws Exception {
        long start = System.nanoTime();
        long driver = OS.getProcessCpuTime();
        long nodes = nodesCpu(s);
        long redis = s.redis == null ? 0 : ChildProcess.cpuNanos(s.redis.handle());
        Map<String, Object> r = phase.run();
        double wall = System.nanoTime() - start;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("wallMs", wall / 1e6);
        cpu.put("driverCores", (OS.getProcessCpuTime() - driver) / wall);
        cpu.put("nodeCores", (nodesCpu(s) - nodes) / wall);
        cpu.put("redisCores", s.redis == null ? 0.0 : (ChildProcess.cpuNanos(s.redis.handle()) - redis) / wall);
        r.put("cpu", cpu);
        return r;
    }

    private static long nodesCpu(Setup s) {
        long sum = 0;
        for (NodeProcess n : s.nodes) {
            sum += ChildProcess.cpuNanos(n.handle());
        }
        return sum;
    }

    private static void report(Map<String, String> o, PrintStream out, Map<String, Object> result, String summary) {
        String line = FanoutGroup.json(result);
        out.println(line);
        out.println("# " + (summary != null ? summary : summarise(result)));
        out.flush();
        String file = o.get("out");
        if (!file.isBlank()) {
            try {
                Files.writeString(Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static double fixedLatency(Map<String, Object> round, String key) {
        return latency((Map<String, Object>) round.get("fixed"), key);
    }

    @SuppressWarnings("unchecked")
    private static double latency(Map<String, Object> phase, String key) {
        return number((Map<String, Object>) phase.get("latency"), key);
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The 1, 5 and 15-minute load averages ({@code /proc/loadavg}), or "" where there is none: the run's context. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static int integer(Map<String, String> o, String name) {
        return Integer.parseInt(o.get(name).trim());
    }
}
