package dev.channels.bench.driver;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Request-reply: C clients (each in its own channel) keep W requests in flight to a direct handler
 * that answers the sender only. Maximum rate (closed loop) for a fixed time after a warm-up, then a
 * fixed offered rate (open loop, a fraction of the maximum; latency from the intended send time).
 */
final class RequestReplyWorkload {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private RequestReplyWorkload() {
    }

    static void run(Bench bench, List<Target> targets) throws Exception {
        for (Target target : targets) {
            runOne(bench, target);
        }
    }

    private static final int WARM = 0;
    private static final int MAX = 1;
    private static final int FIXED = 2;

    private static void runOne(Bench bench, Target target) throws Exception {
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
            Measurement fixedCpu = Measurement.start(bench.process(target));
            mode.set(FIXED);
            double period = 1e9 / rate;
            long fixedStart = System.nanoTime() + 1_000_000;
            for (int i = 0; i < fixedCount; i++) {
                long due = fixedStart + (long) (i * period);
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                sent.increment();
                connections.get(i % clients).send(frames.frame(seq.incrementAndGet(), due));
            }
            drain(sent, received);
            mode.set(WARM);
            Map<String, Object> fixedCpuFigures = fixedCpu.cpu();

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
            r.put("max", max);
            Map<String, Object> fixed = new LinkedHashMap<>();
            fixed.put("offeredPerSec", rate);
            fixed.put("latency", Measurement.latency(fixedLatency));
            fixed.put("cpu", fixedCpuFigures);
            Measurement.perEvent(fixedCpuFigures, fixedLatency.getTotalCount())
                    .ifPresent(us -> fixed.put("serverCpuMicrosPerReply", us));
            r.put("fixed", fixed);
            r.put("sent", sent.sum());
            r.put("lost", sent.sum() - received.sum());
            bench.earlier("request-reply", Target.RAW, "clients", clients)
                    .filter(x -> target == Target.OURS)
                    .ifPresent(raw -> r.put("repliesRatioToRaw",
                            maxRate / (Double) FanoutWorkload.nested(raw, "max", "repliesPerSec")));
            bench.report(r, String.format(Locale.ROOT,
                    "request-reply %s C=%d W=%d: max %.0f replies/s (p50 %.2f ms, p99 %.2f ms)%s; at %.0f/s: "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; lost %d; cpu cores driver %.2f server %.2f, "
                            + "server cpu %.1f us/reply",
                    target.label, clients, inFlight, maxRate, maxLatency.getValueAtPercentile(50) / 1000.0,
                    maxLatency.getValueAtPercentile(99) / 1000.0,
                    r.containsKey("repliesRatioToRaw")
                            ? String.format(Locale.ROOT, " = %.0f%% of raw", 100 * (Double) r.get("repliesRatioToRaw")) : "",
                    rate, fixedLatency.getValueAtPercentile(50) / 1000.0, fixedLatency.getValueAtPercentile(99) / 1000.0,
                    fixedLatency.getMaxValue() / 1000.0, sent.sum() - received.sum(),
                    maxCpuFigures.get("driverCores"), maxCpuFigures.getOrDefault("serverCores", Double.NaN),
                    max.getOrDefault("serverCpuMicrosPerReply", Double.NaN)));
        } finally {
            bench.closeAll(connections);
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
