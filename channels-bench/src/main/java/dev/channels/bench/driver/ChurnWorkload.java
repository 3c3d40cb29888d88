package dev.channels.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Churn: while broadcasts run into several channels, clients join and leave those channels in a
 * loop. Stable members stay for the whole run and must receive every broadcast of their channel.
 * Every 10 s the server's heap (after full GC) and thread count are sampled; at the end every
 * connection is closed and the server's registries must be empty.
 *
 * <p>Threads: the churn loops are chains of futures (no thread each); one scheduler thread sends
 * the broadcasts and times the stays; the main thread samples.
 */
final class ChurnWorkload {

    private ChurnWorkload() {
    }

    /** One run against {@code target} (the driver runs it for each target in turn). */
    static void run(Bench bench, Target target) throws Exception {
        DriverOptions o = bench.options;
        int seconds = o.integer("churn-seconds");
        int churners = o.integer("churners");
        int channelCount = o.integer("churn-channels");
        int stablePerChannel = o.integer("churn-stable");
        int rate = o.integer("churn-rate");
        String run = "churn-" + target.label + "-" + System.nanoTime() + "-";
        Frames frames = Bench.frames(target, "fanout", 64);

        LongAdder[] stableReceived = new LongAdder[channelCount * stablePerChannel];
        for (int i = 0; i < stableReceived.length; i++) {
            stableReceived[i] = new LongAdder();
        }
        List<DriverConnection> stable = bench.connectAll(target, stableReceived.length,
                i -> bench.uri(target, target.broadcastPath, run + (i % channelCount)),
                i -> (c, text, now) -> {
                    if (Frames.seq(text) >= 0) {
                        stableReceived[i].increment();
                    }
                }, 1 << 16);
        long[] sentPerChannel = new long[channelCount]; // written by the scheduler thread only
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "churn-scheduler");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder joins = new LongAdder();
        LongAdder leaves = new LongAdder();
        LongAdder failures = new LongAdder();
        CountDownLatch loopsDone = new CountDownLatch(churners);
        AtomicLong seq = new AtomicLong();
        List<Map<String, Object>> samples = new ArrayList<>();
        Measurement cpu = Measurement.start(bench.process(target));
        long start = System.nanoTime();
        try {
            int perTick = Math.max(1, rate / 100);
            scheduler.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick; i++) {
                    long s = seq.getAndIncrement();
                    int channel = (int) (s % channelCount);
                    sentPerChannel[channel]++;
                    stable.get(channel).send(frames.frame(s, System.nanoTime()));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            for (int i = 0; i < churners; i++) {
                churnLoop(bench, target, run, channelCount, scheduler, running, joins, leaves, failures, loopsDone);
            }
            sample(bench, target, samples, start);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() < end) {
                    sample(bench, target, samples, start);
                }
            }
            running.set(false);
            boolean loopsEnded = loopsDone.await(30, TimeUnit.SECONDS);
            scheduler.shutdown();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            long expected = 0;
            for (int i = 0; i < stableReceived.length; i++) {
                expected += sentPerChannel[i % channelCount];
            }
            long received = awaitReceived(stableReceived, expected);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Object> cpuFigures = cpu.cpu();
            bench.closeAll(stable);
            java.util.Optional<Map<String, Long>> after = bench.awaitEmptyRegistries(target, 30_000);
            sample(bench, target, samples, start);

            Map<String, Object> r = bench.result("churn", target);
            r.put("seconds", seconds);
            r.put("churners", churners);
            r.put("channels", channelCount);
            r.put("stableMembers", stableReceived.length);
            r.put("broadcasts", seq.get());
            r.put("joins", joins.sum());
            r.put("leaves", leaves.sum());
            r.put("joinsPerSec", joins.sum() / elapsed);
            r.put("failedJoins", failures.sum());
            r.put("churnLoopsEnded", loopsEnded);
            r.put("stableExpected", expected);
            r.put("stableLost", expected - received);
            r.put("cpu", cpuFigures);
            r.put("samples", samples);
            after.ifPresent(s -> {
                r.put("registriesAfterClose", s);
                r.put("registriesEmpty", Bench.registriesEmpty(target, s));
            });
            if (samples.size() >= 2) {
                // Baseline: the sample at ~10 s, once Tyrus's lazily started threads and pools exist.
                Map<String, Object> first = samples.size() >= 3 ? samples.get(1) : samples.get(0);
                Map<String, Object> last = samples.get(samples.size() - 1);
                r.put("heapGrowthBytes", (Long) last.get("heapUsed") - (Long) first.get("heapUsed"));
                r.put("threadGrowth", (Long) last.get("threads") - (Long) first.get("threads"));
            }
            bench.report(r, String.format(Locale.ROOT,
                    "churn %s %ds: %d joins (%.0f/s), %d failed; %d broadcasts, stable members lost %d; "
                            + "heap growth %s B, thread growth %s; registries empty after close: %s",
                    target.label, seconds, joins.sum(), joins.sum() / elapsed, failures.sum(), seq.get(),
                    expected - received, r.getOrDefault("heapGrowthBytes", "n/a"),
                    r.getOrDefault("threadGrowth", "n/a"), r.getOrDefault("registriesEmpty", "n/a")));
        } finally {
            running.set(false);
            scheduler.shutdownNow();
            bench.closeAll(stable);
        }
    }

    /** Waits until the stable members got {@code expected} frames in all, or nothing arrived for 10 s. */
    private static long awaitReceived(LongAdder[] received, long expected) throws InterruptedException {
        long last = -1;
        long lastProgress = System.currentTimeMillis();
        while (true) {
            long now = 0;
            for (LongAdder r : received) {
                now += r.sum();
            }
            if (now >= expected) {
                return now;
            }
            if (now != last) {
                last = now;
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > 10_000) {
                return now;
            }
            Thread.sleep(20);
        }
    }

    private static void sample(Bench bench, Target target, List<Map<String, Object>> samples, long start) {
        bench.serverStats(target, true).ifPresent(s -> {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("atSeconds", (System.nanoTime() - start) / 1_000_000_000L);
            sample.put("heapUsed", s.get("heapUsed"));
            sample.put("threads", s.get("threads"));
            s.forEach((k, v) -> {
                if (k.startsWith(target.registryPrefix)) {
                    sample.put(k, v);
                }
            });
            samples.add(sample);
        });
    }

    /** One client joining a random channel, staying 0-100 ms, leaving, and again, until {@code running} is false. */
    private static void churnLoop(Bench bench, Target target, String run, int channels, ScheduledExecutorService scheduler,
                                  AtomicBoolean running, LongAdder joins, LongAdder leaves, LongAdder failures,
                                  CountDownLatch done) {
        if (!running.get()) {
            done.countDown();
            return;
        }
        int channel = ThreadLocalRandom.current().nextInt(channels);
        bench.connect(target, bench.uri(target, target.broadcastPath, run + channel), FrameListener.IGNORE, 4)
                .whenComplete((connection, failure) -> {
                    if (failure != null) {
                        failures.increment();
                        scheduler.schedule(() -> churnLoop(bench, target, run, channels, scheduler, running, joins,
                                leaves, failures, done), 100, TimeUnit.MILLISECONDS);
                        return;
                    }
                    joins.increment();
                    scheduler.schedule(() -> connection.close(5000).whenComplete((v, t) -> {
                        leaves.increment();
                        churnLoop(bench, target, run, channels, scheduler, running, joins, leaves, failures, done);
                    }), ThreadLocalRandom.current().nextInt(100), TimeUnit.MILLISECONDS);
                });
    }
}
