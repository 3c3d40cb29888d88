package dev.channels.bench.driver;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Request-reply: C clients (each in its own channel) keep W requests in flight to a direct handler
 * that answers the sender only. Maximum rate (closed loop) for a fixed time after a warm-up, then a
 * fixed offered rate (open loop, a fraction of the maximum; latency from the intended send time).
 * Each target's own fraction is a different rate, so after all targets have run, a common-rate pass runs
 * every target again at one offered rate ({@code --common-rate}; see {@link CommonRate}), reported as
 * workload {@code request-reply-common}.
 */
final class RequestReplyWorkload {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private RequestReplyWorkload() {
    }

    static void run(Bench bench, List<Target> targets) throws Exception {
        CommonRate.validate(bench.options.string("common-rate"));
        Map<Target, Double> maxRates = new LinkedHashMap<>();
        for (Target target : targets) {
            maxRates.put(target, runOne(bench, target));
        }
        CommonRate common = CommonRate.of(bench.options.string("common-rate"), bench.options.decimal("rate-fraction"),
                maxRates);
        if (common != null) {
            for (Target target : targets) {
                runCommon(bench, target, common);
            }
        }
    }

    /**
     * The one offered rate every target gets in the common-rate pass, and where it came from: an explicit
     * {@code --common-rate N}, or {@code --rate-fraction} of the slowest target's maximum in this run.
     */
    record CommonRate(double perSec, String basis) {

        /** Throws the error {@link #of} would throw for {@code option}, before any phase runs. */
        static void validate(String option) {
            String o = option.trim();
            if (o.endsWith(OR_SLOWEST)) {
                explicit(o.substring(0, o.length() - OR_SLOWEST.length()), o);
            } else if (!"off".equals(o) && !"slowest".equals(o)) {
                explicit(o);
            }
        }

        /** {@code N-or-slowest}: N requests/s, unless a target's maximum in this run is below N (then {@code slowest}). */
        static final String OR_SLOWEST = "-or-slowest";

        private static double explicit(String o) {
            return explicit(o, o);
        }

        private static double explicit(String o, String given) {
            double rate;
            try {
                rate = Double.parseDouble(o);
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--common-rate must be slowest, off, a rate > 0 (requests/s) or "
                        + "<rate>-or-slowest, not '" + given + "'");
            }
            return rate;
        }

        /** Null when {@code option} is {@code off}. */
        static CommonRate of(String option, double fraction, Map<Target, Double> maxRates) {
            String o = option.trim();
            if ("off".equals(o) || maxRates.isEmpty()) {
                return null;
            }
            Map.Entry<Target, Double> slowest = maxRates.entrySet().stream()
                    .min(Map.Entry.comparingByValue()).orElseThrow();
            String prefix = "";
            if (o.endsWith(OR_SLOWEST)) {
                double wanted = explicit(o.substring(0, o.length() - OR_SLOWEST.length()), o);
                if (slowest.getValue() >= wanted) {
                    return new CommonRate(wanted, "explicit");
                }
                prefix = String.format(Locale.ROOT, "%.0f/s is over %s's max, so ", wanted, slowest.getKey().label);
            } else if (!"slowest".equals(o)) {
                return new CommonRate(explicit(o), "explicit");
            }
            return new CommonRate(Math.max(1, slowest.getValue() * fraction), String.format(Locale.ROOT,
                    "%s%.0f%% of the slowest max (%s, %.0f/s)", prefix, 100 * fraction, slowest.getKey().label,
                    slowest.getValue()));
        }
    }

    private static final int WARM = 0;
    private static final int MAX = 1;
    private static final int FIXED = 2;

    /** Maximum rate, then the fixed rate of {@code --rate-fraction} of it; returns the maximum replies/s. */
    private static double runOne(Bench bench, Target target) throws Exception {
        DriverOptions o = bench.options;
        int clients = o.integer("clients");
        int inFlight = o.integer("in-flight");
        int seconds = o.integer("seconds");
        Frames frames = Bench.frames(target, "echo", o.integer("bytes"));
        Histogram maxLatency = new ConcurrentHistogram(MAX_MICROS, 3);
        Histogram fixedLatency = new ConcurrentHistogram(MAX_MICROS, 3);
        LongAdder maxReplies = new LongAdder();
        LongAdder sent = new LongAdder();
        LongAdder received = new LongAdder();
        AtomicLong seq = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger mode = new java.util.concurrent.atomic.AtomicInteger(WARM);
        java.util.concurrent.atomic.AtomicBoolean closedLoop = new java.util.concurrent.atomic.AtomicBoolean(true);
        String run = target.label + "-" + System.nanoTime();
        AtomicReference<OpenLoop> fixedPhase = new AtomicReference<>();
        FrameListener listener = (c, text, now) -> {
            long s = Frames.seq(text);
            if (s < 0) {
                return;
            }
            received.increment();
            long micros = Math.max(0, Math.min(MAX_MICROS, (now - Frames.sentNanos(text)) / 1000));
            int m = mode.get();
            if (m == MAX) {
                maxLatency.recordValue(micros);
                maxReplies.increment();
            } else if (m == FIXED) {
                fixedLatency.recordValue(micros);
                OpenLoop phase = fixedPhase.get();
                if (phase != null) {
                    phase.recordReply(s, now);
                }
            }
            if (closedLoop.get()) {
                sent.increment();
                c.send(frames.frame(seq.incrementAndGet(), System.nanoTime()));
            }
        };
        List<DriverConnection> connections = bench.connectAll(target, clients,
                i -> bench.uri(target, target.echoPath, "rr-" + run + "-" + i), i -> listener, 1 << 16);
        try {
            for (DriverConnection c : connections) {
                for (int w = 0; w < inFlight; w++) {
                    sent.increment();
                    c.send(frames.frame(seq.incrementAndGet(), System.nanoTime()));
                }
            }
            Thread.sleep(Math.min(3000, seconds * 300L));
            Measurement maxCpu = Measurement.start(bench.process(target));
            long start = System.nanoTime();
            mode.set(MAX);
            Thread.sleep(seconds * 1000L);
            mode.set(WARM);
            double maxSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> maxCpuFigures = maxCpu.cpu();
            closedLoop.set(false);
            drain(sent, received);
            double maxRate = maxReplies.sum() / maxSeconds;

            double rate = maxRate * o.decimal("rate-fraction");
            int fixedCount = (int) Math.max(20, Math.min(5_000_000, rate * o.integer("fixed-seconds")));
            Map<String, Long> gcBefore = gcStats(bench, target);
            Measurement fixedCpu = Measurement.start(bench.process(target));
            mode.set(FIXED);
            OpenLoop phase = new OpenLoop(seq.get() + 1, fixedCount);
            fixedPhase.set(phase);
            phase.run(connections, frames, seq, sent, rate);
            Histogram sendLag = phase.sendLag;
            drain(sent, received);
            mode.set(WARM);
            Map<String, Object> fixedCpuFigures = fixedCpu.cpu();
            Map<String, Long> gcAfter = gcStats(bench, target);

            Map<String, Object> r = bench.result("request-reply", target);
            r.put("clients", clients);
            r.put("inFlight", inFlight);
            r.put("bytes", o.integer("bytes"));
            Map<String, Object> max = new LinkedHashMap<>();
            max.put("repliesPerSec", maxRate);
            max.put("latency", Measurement.latency(maxLatency));
            max.put("cpu", maxCpuFigures);
            long maxCount = maxReplies.sum();
            Measurement.perEvent(maxCpuFigures, maxCount).ifPresent(us -> max.put("serverCpuMicrosPerReply", us));
            putWakeupsPerReply(max, maxCpuFigures, maxCount);
            r.put("max", max);
            Map<String, Object> fixed = new LinkedHashMap<>();
            fixed.put("offeredPerSec", rate);
            fixed.put("latency", Measurement.latency(fixedLatency));
            fixed.put("cpu", fixedCpuFigures);
            Measurement.perEvent(fixedCpuFigures, fixedLatency.getTotalCount())
                    .ifPresent(us -> fixed.put("serverCpuMicrosPerReply", us));
            putWakeupsPerReply(fixed, fixedCpuFigures, fixedLatency.getTotalCount());
            fixed.put("latencyFromActualSend", Measurement.latency(phase.latencyFromActualSend));
            fixed.put("sendLag", Measurement.latency(sendLag));
            putGc(fixed, gcBefore, gcAfter);
            r.put("fixed", fixed);
            r.put("sent", sent.sum());
            r.put("lost", sent.sum() - received.sum());
            bench.earlier("request-reply", Target.RAW, "clients", clients)
                    .filter(x -> target == Target.OURS)
                    .ifPresent(raw -> r.put("repliesRatioToRaw",
                            maxRate / (Double) FanoutWorkload.nested(raw, "max", "repliesPerSec")));
            bench.report(r, String.format(Locale.ROOT,
                    "request-reply %s C=%d W=%d: max %.0f replies/s (p50 %.2f ms, p99 %.2f ms)%s; at %.0f/s: "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms (from the actual send p99 %.2f ms, driver send lag p99 %.2f ms, "
                            + "server GC pauses %s); "
                            + "lost %d; cpu cores driver %.2f server %.2f, server cpu %.1f us/reply",
                    target.label, clients, inFlight, maxRate, maxLatency.getValueAtPercentile(50) / 1000.0,
                    maxLatency.getValueAtPercentile(99) / 1000.0,
                    r.containsKey("repliesRatioToRaw")
                            ? String.format(Locale.ROOT, " = %.0f%% of raw", 100 * (Double) r.get("repliesRatioToRaw")) : "",
                    rate, fixedLatency.getValueAtPercentile(50) / 1000.0, fixedLatency.getValueAtPercentile(99) / 1000.0,
                    fixedLatency.getMaxValue() / 1000.0,
                    phase.latencyFromActualSend.getValueAtPercentile(99) / 1000.0, sendLag.getValueAtPercentile(99) / 1000.0,
                    fixed.containsKey("serverGcPauses") ? fixed.get("serverGcPauses") + " / " + fixed.get("serverGcPauseMs") + " ms" : "n/a",
                    sent.sum() - received.sum(),
                    maxCpuFigures.get("driverCores"), maxCpuFigures.getOrDefault("serverCores", Double.NaN),
                    max.getOrDefault("serverCpuMicrosPerReply", Double.NaN)));
            return maxRate;
        } finally {
            bench.closeAll(connections);
        }
    }

    /**
     * The common-rate pass: fresh clients on {@code target} (same C, W and B), a short open-loop warm-up at the
     * common rate, then {@code --fixed-seconds} at it, measured like the fixed phase. One result line, workload
     * {@code request-reply-common}.
     */
    private static void runCommon(Bench bench, Target target, CommonRate common) throws Exception {
        DriverOptions o = bench.options;
        int clients = o.integer("clients");
        Frames frames = Bench.frames(target, "echo", o.integer("bytes"));
        Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
        LongAdder sent = new LongAdder();
        LongAdder received = new LongAdder();
        AtomicLong seq = new AtomicLong();
        AtomicReference<OpenLoop> measured = new AtomicReference<>();
        String run = target.label + "-common-" + System.nanoTime();
        FrameListener listener = (c, text, now) -> {
            long s = Frames.seq(text);
            if (s < 0) {
                return;
            }
            received.increment();
            OpenLoop phase = measured.get();
            if (phase != null) {
                latency.recordValue(Math.max(0, Math.min(MAX_MICROS, (now - Frames.sentNanos(text)) / 1000)));
                phase.recordReply(s, now);
            }
        };
        List<DriverConnection> connections = bench.connectAll(target, clients,
                i -> bench.uri(target, target.echoPath, "rrc-" + run + "-" + i), i -> listener, 1 << 16);
        try {
            double rate = common.perSec();
            int seconds = o.integer("fixed-seconds");
            int warmCount = (int) Math.max(10, Math.min(1_000_000, rate * Math.min(2, seconds)));
            new OpenLoop(seq.get() + 1, warmCount).run(connections, frames, seq, sent, rate);
            drain(sent, received);
            int count = (int) Math.max(20, Math.min(5_000_000, rate * seconds));
            Map<String, Long> gcBefore = gcStats(bench, target);
            Measurement cpu = Measurement.start(bench.process(target));
            OpenLoop phase = new OpenLoop(seq.get() + 1, count);
            measured.set(phase);
            phase.run(connections, frames, seq, sent, rate);
            drain(sent, received);
            measured.set(null);
            Histogram sendLag = phase.sendLag;
            Map<String, Object> cpuFigures = cpu.cpu();
            Map<String, Long> gcAfter = gcStats(bench, target);

            Map<String, Object> r = bench.result("request-reply-common", target);
            r.put("clients", clients);
            r.put("inFlight", o.integer("in-flight"));
            r.put("bytes", o.integer("bytes"));
            r.put("offeredPerSec", rate);
            r.put("rateBasis", common.basis());
            r.put("latency", Measurement.latency(latency));
            r.put("cpu", cpuFigures);
            Measurement.perEvent(cpuFigures, latency.getTotalCount()).ifPresent(us -> r.put("serverCpuMicrosPerReply", us));
            putWakeupsPerReply(r, cpuFigures, latency.getTotalCount());
            r.put("latencyFromActualSend", Measurement.latency(phase.latencyFromActualSend));
            r.put("sendLag", Measurement.latency(sendLag));
            putGc(r, gcBefore, gcAfter);
            r.put("sent", sent.sum());
            r.put("lost", sent.sum() - received.sum());
            bench.report(r, String.format(Locale.ROOT,
                    "request-reply-common %s C=%d: at %.0f/s (%s): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; "
                            + "from the actual send p99 %.2f ms; driver send lag p99 %.2f ms; server GC pauses %s; lost %d; "
                            + "cpu cores driver %.2f server %.2f",
                    target.label, clients, rate, common.basis(), latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
                    latency.getMaxValue() / 1000.0, phase.latencyFromActualSend.getValueAtPercentile(99) / 1000.0,
                    sendLag.getValueAtPercentile(99) / 1000.0,
                    r.containsKey("serverGcPauses") ? r.get("serverGcPauses") + " / " + r.get("serverGcPauseMs") + " ms" : "n/a",
                    sent.sum() - received.sum(), cpuFigures.get("driverCores"),
                    cpuFigures.getOrDefault("serverCores", Double.NaN)));
        } finally {
            bench.closeAll(connections);
        }
    }

    /**
     * One open-loop phase: {@code count} requests at {@code rate}/s round robin over the connections, each stamped
     * with its <em>intended</em> send time, so a late send (the sending thread descheduled, a full socket) counts as
     * latency rather than hiding it (no coordinated omission). It also keeps when each request really left
     * ({@link #latencyFromActualSend}: the same replies timed from then, which hides the driver's own lateness) and
     * how late each left ({@link #sendLag}, actual minus intended): the difference is the driver's share of the tail.
     *
     * <p>Threads: {@link #run} is called by the workload's thread, which alone writes {@code sentAt} (atomically,
     * before the request is queued); the driver's callback threads read it in {@link #recordReply}.
     */
    static final class OpenLoop {
        private final long firstSeq;
        private final AtomicLongArray sentAt;
        final Histogram sendLag = new Histogram(MAX_MICROS, 3);
        final Histogram latencyFromActualSend = new ConcurrentHistogram(MAX_MICROS, 3);

        OpenLoop(long firstSeq, int count) {
            this.firstSeq = firstSeq;
            this.sentAt = new AtomicLongArray(count);
        }

        /** Sends the phase's requests; {@code seq} must hand out {@code firstSeq}, {@code firstSeq + 1}, ... */
        void run(List<DriverConnection> connections, Frames frames, AtomicLong seq, LongAdder sent, double rate) {
            double period = 1e9 / rate;
            long start = System.nanoTime() + 1_000_000;
            for (int i = 0; i < sentAt.length(); i++) {
                long due = start + (long) (i * period);
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                sendLag.recordValue(Math.min(MAX_MICROS, (now - due) / 1000));
                long s = seq.incrementAndGet();
                String frame = frames.frame(s, due);
                int index = (int) (s - firstSeq);
                if (index >= 0 && index < sentAt.length()) {
                    sentAt.set(index, System.nanoTime());
                }
                sent.increment();
                connections.get(i % connections.size()).send(frame);
            }
        }

        /** Times the reply to {@code seq} from when its request really left, if it belongs to this phase. */
        void recordReply(long seq, long receivedNanos) {
            int index = (int) (seq - firstSeq);
            if (index >= 0 && index < sentAt.length()) {
                long at = sentAt.get(index);
                if (at != 0) {
                    latencyFromActualSend.recordValue(Math.max(0, Math.min(MAX_MICROS, (receivedNanos - at) / 1000)));
                }
            }
        }
    }

    /** Wake-ups (voluntary context switches) per reply of the server's and the driver's threads, where measured. */
    private static void putWakeupsPerReply(Map<String, Object> into, Map<String, Object> cpu, long replies) {
        if (replies <= 0) {
            return;
        }
        if (cpu.get("serverWakeups") instanceof Long n) {
            into.put("serverWakeupsPerReply", (double) n / replies);
        }
        if (cpu.get("driverWakeups") instanceof Long n) {
            into.put("driverWakeupsPerReply", (double) n / replies);
        }
    }

    /** The server's collection counts and pause time (JVM targets; empty for the Socket.IO peer). */
    private static Map<String, Long> gcStats(Bench bench, Target target) {
        return bench.serverStats(target, false).orElse(Map.of());
    }

    /** Puts the server's collections and their pause time between two {@link #gcStats} into {@code into}. */
    private static void putGc(Map<String, Object> into, Map<String, Long> before, Map<String, Long> after) {
        if (before.containsKey("gcPauses") && after.containsKey("gcPauses")) {
            into.put("serverGcPauses", after.get("gcPauses") - before.get("gcPauses"));
            into.put("serverGcPauseMs", after.get("gcPauseMillis") - before.get("gcPauseMillis"));
        }
    }

    /** Waits until every request sent has its reply, or nothing arrives for 10 s. */
    private static void drain(LongAdder sent, LongAdder received) throws InterruptedException {
        long last = -1;
        long lastProgress = System.currentTimeMillis();
        while (received.sum() < sent.sum()) {
            long now = received.sum();
            if (now != last) {
                last = now;
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > 10_000) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
