package dev.channels.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fan-out: N members join one channel; one of them publishes messages of B bytes that the server
 * sends to every member (the sender included). Phases: warm-up, maximum rate (closed loop: at most
 * {@code window} messages not yet delivered to everyone), then a fixed offered rate (open loop, a
 * fraction of the measured maximum; latency counted from the intended send time, so queueing is not
 * hidden). Every member checks it got every message exactly once and in order.
 */
final class FanoutWorkload {

    private static final System.Logger LOG = System.getLogger(FanoutWorkload.class.getName());

    private FanoutWorkload() {
    }

    static void run(Bench bench, List<Target> targets) throws Exception {
        for (int members : bench.options.integers("members")) {
            for (Target target : targets) {
                runOne(bench, target, members);
            }
        }
    }

    /** Per-member bookkeeping; touched only by that member's (serial) receive callbacks, read after the run. */
    private static void runOne(Bench bench, Target target, int n) throws Exception {
        DriverOptions o = bench.options;
        int m = o.integer("messages");
        int bytes = o.integer("bytes");
        int window = o.integer("window");
        String channel = "fan-" + n + "-" + target.label + "-" + System.nanoTime();
        Frames frames = Bench.frames(target, "fanout", bytes, channel);
        Phases phases = new Phases();
        List<FanoutMember> state = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            state.add(new FanoutMember());
        }
        FrameListener[] listeners = new FrameListener[n];
        for (int i = 0; i < n; i++) {
            FanoutMember member = state.get(i);
            listeners[i] = (c, text, now) -> member.onFrame(text, now, phases);
        }
        List<DriverConnection> members = bench.connectMembers(target, n, i -> channel, i -> listeners[i], 1 << 16);
        DriverConnection publisher = members.get(0);
        try {
            int warmCount = o.integer("warmup-messages") > 0 ? o.integer("warmup-messages") : Math.max(50, m / 10);
            Phase warm = phases.add(0, warmCount, n, window);
            closedLoop(publisher, frames, warm);
            warm.awaitAll(10_000);

            Phase max = phases.add(warm.base + warm.count, m, n, window);
            Measurement maxCpu = Measurement.start(bench.process(target));
            long start = System.nanoTime();
            closedLoop(publisher, frames, max);
            boolean maxComplete = max.awaitAll(10_000);
            Map<String, Object> maxCpuFigures = maxCpu.cpu();
            double seconds = (max.lastCompletionNanos() - start) / 1e9;
            double maxMessagesPerSec = max.completed.get() / seconds;

            double rate = maxMessagesPerSec * o.decimal("rate-fraction");
            int fixedCount = (int) Math.max(20, Math.min(1_000_000, rate * o.integer("fixed-seconds")));
            Phase fixed = phases.add(max.base + max.count, fixedCount, n, 0);
            Measurement fixedCpu = Measurement.start(bench.process(target));
            long fixedStart = System.nanoTime();
            fixed.sendOpenLoop(frames, rate, publisher::send);
            boolean fixedComplete = fixed.awaitAll(10_000);
            Map<String, Object> fixedCpuFigures = fixedCpu.cpu();
            double fixedSeconds = (Math.max(fixed.lastCompletionNanos(), fixedStart) - fixedStart) / 1e9;

            long expected = (long) n * (warm.count + max.count + fixed.count);
            long received = state.stream().mapToLong(s -> s.received).sum();
            long outOfOrder = state.stream().mapToLong(s -> s.outOfOrder).sum();

            Map<String, Object> r = bench.result("fanout", target);
            r.put("members", n);
            r.put("messages", m);
            r.put("bytes", bytes);
            r.put("frameBytes", frames.frame(0, 0).length());
            r.put("window", window);
            Map<String, Object> maxFigures = figures("messagesPerSec", maxMessagesPerSec, max, seconds, maxComplete,
                    maxCpuFigures);
            r.put("max", maxFigures);
            r.put("fixed", figures("offeredMessagesPerSec", rate, fixed, Math.max(fixedSeconds, 1e-9), fixedComplete,
                    fixedCpuFigures));
            r.put("expectedDeliveries", expected);
            r.put("receivedDeliveries", received);
            r.put("lost", expected - received);
            r.put("outOfOrder", outOfOrder);
            Optional<Map<String, Object>> raw = target == Target.OURS
                    ? bench.earlier("fanout", Target.RAW, "members", n) : Optional.empty();
            raw.ifPresent(rr -> r.put("deliveriesRatioToRaw",
                    (Double) maxFigures.get("deliveriesPerSec") / (Double) nested(rr, "max", "deliveriesPerSec")));
            // members on sessions against members on channel connections: the ours run just before, same server
            Optional<Map<String, Object>> onChannels = target == Target.OURS_SESSIONS
                    ? bench.earlier("fanout", Target.OURS, "members", n) : Optional.empty();
            onChannels.ifPresent(oc -> {
                r.put("deliveriesRatioToChannels",
                        (Double) maxFigures.get("deliveriesPerSec") / (Double) nested(oc, "max", "deliveriesPerSec"));
                Object cpu = nested(oc, "max", "serverCpuMicrosPerDelivery");
                if (cpu instanceof Double channelsCpu && maxFigures.get("serverCpuMicrosPerDelivery") instanceof Double cpuHere) {
                    r.put("serverCpuRatioToChannels", cpuHere / channelsCpu);
                }
            });
            bench.report(r, String.format(java.util.Locale.ROOT,
                    "fanout %s N=%d M=%d B=%d: max %.0f deliveries/s (p50 %.2f ms, p99 %.2f ms, max %.2f ms)%s; "
                            + "at %.0f msg/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms; lost %d, out of order %d; "
                            + "cpu cores driver %.2f server %.2f, server cpu %.1f us/delivery",
                    target.label, n, m, bytes, maxFigures.get("deliveriesPerSec"),
                    max.latencyMicros.getValueAtPercentile(50) / 1000.0,
                    max.latencyMicros.getValueAtPercentile(99) / 1000.0, max.latencyMicros.getMaxValue() / 1000.0,
                    (r.containsKey("deliveriesRatioToRaw")
                            ? String.format(java.util.Locale.ROOT, " = %.0f%% of raw",
                            100 * (Double) r.get("deliveriesRatioToRaw")) : "")
                            + (r.containsKey("deliveriesRatioToChannels")
                            ? String.format(java.util.Locale.ROOT, " = %.2fx members on channel connections",
                            (Double) r.get("deliveriesRatioToChannels")) : ""),
                    rate, fixed.latencyMicros.getValueAtPercentile(50) / 1000.0,
                    fixed.latencyMicros.getValueAtPercentile(99) / 1000.0, fixed.latencyMicros.getMaxValue() / 1000.0,
                    expected - received, outOfOrder, maxCpuFigures.get("driverCores"),
                    maxCpuFigures.getOrDefault("serverCores", Double.NaN),
                    maxFigures.getOrDefault("serverCpuMicrosPerDelivery", Double.NaN)));
        } finally {
            bench.closeAll(members);
        }
    }

    /**
     * The figures of one measured phase: its message rate under {@code rateKey}, deliveries per second over
     * {@code seconds}, whether every member got every message, the latency, the CPU used and, where known,
     * the server's CPU per delivery.
     */
    private static Map<String, Object> figures(String rateKey, double rate, Phase phase, double seconds, boolean complete,
                                               Map<String, Object> cpu) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(rateKey, rate);
        figures.put("deliveriesPerSec", phase.delivered.sum() / seconds);
        figures.put("complete", complete);
        figures.put("latency", Measurement.latency(phase.latencyMicros));
        figures.put("cpu", cpu);
        Measurement.perEvent(cpu, phase.delivered.sum()).ifPresent(us -> figures.put("serverCpuMicrosPerDelivery", us));
        return figures;
    }

    static Object nested(Map<String, Object> map, String... keys) {
        Object v = map;
        for (String k : keys) {
            v = ((Map<?, ?>) v).get(k);
        }
        return v;
    }

    /** Sends as fast as the window allows; stops early if nothing completes for 10 s (loss). */
    private static void closedLoop(DriverConnection publisher, Frames frames, Phase phase) throws InterruptedException {
        if (!phase.sendClosedLoop(frames, publisher::send)) {
            LOG.log(System.Logger.Level.WARNING, "fanout stalled: message {0} not delivered to every member in 10 s",
                    phase.base + phase.completed.get());
        }
    }
}
