package dev.channels.bench.driver;

import com.sun.management.UnixOperatingSystemMXBean;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Big room (issue 23, item 4): as many members as the machine allows in ONE channel, then broadcasts one at a
 * time. Per target, in turn (the driver interleaves the targets):
 * <ol>
 *   <li><b>join</b>: N members (member 0 is also the publisher) open a connection to the same channel, at most
 *       {@code --join-concurrency} handshakes at once, spread over {@code --hosts}; joins/s = N / (last join -
 *       start), and the server's CPU per join;</li>
 *   <li><b>idle</b>: with everyone joined and quiet, the server's heap after full collections, its RSS and (a JVM)
 *       committed native memory, each minus the same figure before the joins, per member;</li>
 *   <li><b>broadcasts</b>: {@code --room-warmup} unmeasured rounds, then {@code --room-rounds} rounds; a round is
 *       one message from member 0 that the server sends to the whole channel (sender included), and the next round
 *       starts only when every member has it; per round the ms from the send until the last member has it
 *       (median, min and max over the rounds), and the server's CPU over the measured rounds per delivery;</li>
 *   <li><b>close</b>: every connection closed; the server's registries must be empty.</li>
 * </ol>
 * Every member checks it got every round once and in order ({@link FanoutMember}); {@code lost} is the rounds x
 * members not delivered (warm-up included), never estimated. A target whose members cannot all join (e.g. a
 * baseline with a per-channel connection limit) gets a line saying how many joined and why the others did not,
 * and the run goes on with the next target.
 *
 * <p>File descriptors: the driver holds one socket per member, the server one, and each process may have at
 * most {@code ulimit -n} open files, so N is capped below the driver's limit (and says so). The JDK 17
 * {@code HttpClient} cannot bind a local address (its {@code localAddress} is JDK 19+), so the connections are
 * spread over several loopback <em>server</em> addresses instead ({@code --hosts 127.0.0.1,...,127.0.0.4}; the
 * bench servers and the Node peer listen on every interface): each TCP 4-tuple differs in the destination
 * address, which multiplies the ~28k ephemeral ports of one address pair just as several source addresses would.
 *
 * <p>Threads: {@link #run} runs on the driver's main thread; each member's {@link FanoutMember} is written only by
 * its connection's (serial) receive callbacks; rounds complete through {@link Phase}'s atomics.
 */
final class BigRoomWorkload {

    /** Sockets the driver keeps for itself (class path jars, admin connections, the child processes' pipes). */
    static final int SPARE_FILE_DESCRIPTORS = 600;
    /** No delivery for this long ends a round as lost. */
    private static final long ROUND_IDLE_MILLIS = 30_000;

    private BigRoomWorkload() {
    }

    static void run(Bench bench, List<Target> targets) throws Exception {
        for (int n : bench.options.integers("room-members")) {
            for (Target target : targets) {
                runOne(bench, target, n);
            }
        }
    }

    private static long driverMaxFileDescriptors() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
    }

    private static void runOne(Bench bench, Target target, int requested) throws Exception {
        DriverOptions o = bench.options;
        long fdLimit = driverMaxFileDescriptors();
        int n = (int) Math.max(2, Math.min(requested, fdLimit - SPARE_FILE_DESCRIPTORS));
        if (n < requested) {
            bench.comment(String.format(Locale.ROOT, "big-room %s: %,d members instead of %,d: the driver may open %,d "
                    + "files (ulimit -n) and keeps %d for itself", target.label, n, requested, fdLimit,
                    SPARE_FILE_DESCRIPTORS));
        }
        int rounds = o.integer("room-rounds");
        int warmup = o.integer("room-warmup");
        String channel = "room-" + n + "-" + target.label + "-" + System.nanoTime();
        Frames frames = Bench.frames(target, "fanout", o.integer("bytes"), channel);
        Phases phases = new Phases();
        FanoutMember[] state = new FanoutMember[n];
        FrameListener[] listeners = new FrameListener[n];
        for (int i = 0; i < n; i++) {
            FanoutMember member = new FanoutMember();
            state[i] = member;
            listeners[i] = (c, text, now) -> member.onFrame(text, now, phases);
        }
        ServerProcess process = bench.process(target);
        Map<String, Object> r = bench.result("big-room", target);
        r.put("membersRequested", requested);
        r.put("members", n);
        r.put("hosts", o.list("hosts").size());
        r.put("driverMaxFileDescriptors", fdLimit);

        // idle baseline: nothing of this run open yet, after full collections
        Optional<Map<String, Long>> before = bench.serverStats(target, true);
        Optional<Long> rssBefore = process == null ? Optional.empty() : process.rssBytes();
        Optional<Long> nativeBefore = process == null ? Optional.empty() : process.nativeCommittedBytes();

        Measurement joinCpu = Measurement.start(process);
        long start = System.nanoTime();
        Joined joined = joinAll(bench, target, n, channel, listeners);
        double joinSeconds = (joined.lastJoinNanos - start) / 1e9;
        Map<String, Object> joinCpuFigures = joinCpu.cpu();
        r.put("joined", joined.connections.size());
        r.put("joinFailures", joined.failures);
        try {
            if (joined.failures > 0) {
                r.put("firstJoinFailure", joined.firstFailure);
                finish(bench, target, r, joined.connections, String.format(Locale.ROOT,
                        "big-room %s N=%,d: only %,d joined, %,d refused or failed (first: %s); no broadcasts",
                        target.label, n, joined.connections.size(), joined.failures, joined.firstFailure));
                return;
            }
            r.put("joinsPerSec", n / joinSeconds);
            r.put("joinCpu", joinCpuFigures);
            Measurement.perEvent(joinCpuFigures, n).ifPresent(us -> r.put("serverCpuMicrosPerJoin", us));

            // everyone joined and idle: memory per member
            Optional<Map<String, Long>> idle = bench.serverStats(target, true);
            Optional<Long> rssIdle = process == null ? Optional.empty() : process.rssBytes();
            Optional<Long> nativeIdle = process == null ? Optional.empty() : process.nativeCommittedBytes();
            if (before.isPresent() && idle.isPresent()) {
                r.put("serverHeapBefore", before.get().get("heapUsed"));
                r.put("serverHeapIdle", idle.get().get("heapUsed"));
                r.put("heapBytesPerConnection", (double) (idle.get().get("heapUsed") - before.get().get("heapUsed")) / n);
                r.put("serverConnections", idle.get().getOrDefault(
                        target == Target.SOCKET_IO ? "sio.connections" : target == Target.RAW ? "rawSessions" : "ours.connections",
                        -1L));
            }
            if (rssBefore.isPresent() && rssIdle.isPresent()) {
                r.put("serverRssBefore", rssBefore.get());
                r.put("serverRssIdle", rssIdle.get());
                r.put("rssBytesPerConnection", (double) (rssIdle.get() - rssBefore.get()) / n);
            }
            if (nativeBefore.isPresent() && nativeIdle.isPresent()) {
                r.put("nativeCommittedBytesPerConnection", (double) (nativeIdle.get() - nativeBefore.get()) / n);
            }

            // broadcasts, one at a time
            DriverConnection publisher = joined.connections.get(0);
            long seq = 0;
            boolean complete = true;
            for (int i = 0; i < warmup && complete; i++) {
                complete = broadcast(phases, frames, publisher, seq++, n) >= 0;
            }
            Measurement cpu = Measurement.start(process);
            double[] roundMs = new double[rounds];
            int done = 0;
            while (complete && done < rounds) {
                double ms = broadcast(phases, frames, publisher, seq++, n);
                complete = ms >= 0;
                if (complete) {
                    roundMs[done++] = ms;
                }
            }
            Map<String, Object> cpuFigures = cpu.cpu();
            long expected = (long) n * (warmup + rounds);
            long received = Arrays.stream(state).mapToLong(s -> s.received).sum();
            long outOfOrder = Arrays.stream(state).mapToLong(s -> s.outOfOrder).sum();
            double[] measured = Arrays.copyOf(roundMs, done);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("rounds", rounds);
            b.put("warmupRounds", warmup);
            b.put("completeRounds", done);
            b.put("complete", complete);
            b.put("allDeliveredMs", roundFigures(measured));
            b.put("latency", Measurement.latency(merged(phases, warmup, done)));
            b.put("cpu", cpuFigures);
            Measurement.perEvent(cpuFigures, (long) n * done).ifPresent(us -> b.put("serverCpuMicrosPerDelivery", us));
            r.put("broadcast", b);
            r.put("bytes", o.integer("bytes"));
            r.put("frameBytes", frames.frame(0, 0).length());
            r.put("expectedDeliveries", expected);
            r.put("receivedDeliveries", received);
            r.put("lost", expected - received);
            r.put("outOfOrder", outOfOrder);
            @SuppressWarnings("unchecked")
            Map<String, Object> all = (Map<String, Object>) b.get("allDeliveredMs");
            finish(bench, target, r, joined.connections, String.format(Locale.ROOT,
                    "big-room %s N=%,d over %d address(es): %.0f joins/s (server %.1f us/join); idle heap %s B/member, "
                            + "RSS %s B/member; %d broadcasts one at a time: all have it after %.1f ms median, %.1f ms max; "
                            + "server cpu %.1f us/delivery; lost %d, out of order %d",
                    target.label, n, o.list("hosts").size(), r.get("joinsPerSec"),
                    r.getOrDefault("serverCpuMicrosPerJoin", Double.NaN), fmt(r.get("heapBytesPerConnection")),
                    fmt(r.get("rssBytesPerConnection")), done, all.get("medianMs"), all.get("maxMs"),
                    b.getOrDefault("serverCpuMicrosPerDelivery", Double.NaN), expected - received, outOfOrder));
        } catch (Exception | Error e) {
            bench.closeAll(joined.connections);
            throw e;
        }
    }

    /** Closes every member, waits for the server's registries to empty, and reports the line. */
    private static void finish(Bench bench, Target target, Map<String, Object> r, List<DriverConnection> connections,
                               String summary) throws InterruptedException {
        bench.closeAll(connections);
        Optional<Map<String, Long>> end = bench.awaitEmptyRegistries(target, 60_000);
        end.ifPresent(s -> {
            r.put("registriesAfterClose", s);
            r.put("registriesEmpty", Bench.registriesEmpty(target, s));
        });
        bench.report(r, summary + "; registries empty after close: " + r.getOrDefault("registriesEmpty", "n/a"));
    }

    /**
     * One round: message {@code seq} from the publisher to the whole room, waiting until every one of the
     * {@code n} members has it.
     *
     * @return ms from the send until the last member had it, or -1 when deliveries stopped first (loss)
     */
    private static double broadcast(Phases phases, Frames frames, DriverConnection publisher, long seq, int n)
            throws InterruptedException {
        Phase round = phases.add(seq, 1, n, 0);
        long sent = System.nanoTime();
        publisher.send(frames.frame(seq, sent));
        if (!round.awaitAll(ROUND_IDLE_MILLIS)) {
            return -1;
        }
        return (round.lastCompletionNanos() - sent) / 1e6;
    }

    /** Median, min and max of the rounds' ms, and each round's. */
    private static Map<String, Object> roundFigures(double[] ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        m.put("count", ms.length);
        m.put("medianMs", sorted.length == 0 ? Double.NaN
                : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
        m.put("minMs", sorted.length == 0 ? Double.NaN : sorted[0]);
        m.put("maxMs", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        List<Double> each = new ArrayList<>();
        for (double v : ms) {
            each.add(Math.round(v * 100) / 100.0);
        }
        m.put("eachMs", each);
        return m;
    }

    /** The per-delivery latencies of the measured rounds (messages {@code warmup .. warmup+done-1}). */
    private static Histogram merged(Phases phases, int warmup, int done) {
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        for (int s = warmup; s < warmup + done; s++) {
            Phase p = phases.of(s);
            if (p != null) {
                all.add(p.latencyMicros);
            }
        }
        return all;
    }

    /** The members that joined, how many did not, and when the last one joined. */
    private record Joined(List<DriverConnection> connections, int failures, String firstFailure, long lastJoinNanos) {
    }

    /**
     * Opens {@code n} members of {@code channel}, at most {@code --join-concurrency} handshakes at once; waits for
     * every one to join or fail (a refusal does not stop the others, so the run can close what joined).
     */
    private static Joined joinAll(Bench bench, Target target, int n, String channel, FrameListener[] listeners)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(bench.options.integer("join-concurrency"));
        List<CompletableFuture<DriverConnection>> joins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            CompletableFuture<DriverConnection> join;
            try {
                join = bench.connect(target, bench.uri(target, target.broadcastPath, channel), listeners[i], 64);
            } catch (RuntimeException e) {
                join = CompletableFuture.failedFuture(e);
            }
            join.whenComplete((c, t) -> inFlight.release());
            joins.add(join);
        }
        List<DriverConnection> connections = new ArrayList<>(n);
        int failures = 0;
        String first = null;
        long last = 0;
        for (CompletableFuture<DriverConnection> join : joins) {
            try {
                DriverConnection c = join.get(120, TimeUnit.SECONDS);
                connections.add(c);
                last = Math.max(last, c.joinedNanos());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                failures++;
                if (first == null) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    first = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                }
            }
        }
        return new Joined(connections, failures, first, last == 0 ? System.nanoTime() : last);
    }

    private static String fmt(Object v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.0f", (Double) v);
    }
}
