package dev.channels.bench.driver;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Connections: K idle members over K/2 channels. Reports the join rate and, from the server, the
 * heap used per connection after full collections and the committed native memory per connection
 * (Native Memory Tracking), then closes everything and checks the registries empty.
 */
final class ConnectionsWorkload {

    private ConnectionsWorkload() {
    }

    /** One run against {@code target} (the driver runs it for each target in turn). */
    static void run(Bench bench, Target target) throws Exception {
        int k = bench.options.integer("connections");
        int channels = Math.max(1, k / 2);
        String run = "conn-" + target.label + "-" + System.nanoTime() + "-";
        ServerProcess process = bench.process(target);
        Optional<Map<String, Long>> before = bench.serverStats(target, true);
        Optional<Long> nativeBefore = process == null ? Optional.empty() : process.nativeCommittedBytes();
        Optional<Long> rssBefore = process == null ? Optional.empty() : process.rssBytes();
        String histogram = bench.options.string("histogram");
        if (process != null && !histogram.isBlank()) { // the zero-connection baseline to subtract
            process.classHistogram(java.nio.file.Path.of(histogram + "-" + target.label + "-before.txt"));
        }
        Measurement cpu = Measurement.start(process);
        long start = System.nanoTime();
        List<DriverConnection> connections = bench.connectAll(target, k,
                i -> bench.uri(target, target.broadcastPath, run + (i % channels)), i -> FrameListener.IGNORE, 4);
        double joinSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> cpuFigures = cpu.cpu();
        Optional<Map<String, Long>> after = bench.serverStats(target, true);
        Optional<Long> nativeAfter = process == null ? Optional.empty() : process.nativeCommittedBytes();
        Optional<Long> rssAfter = process == null ? Optional.empty() : process.rssBytes();
        if (process != null && !histogram.isBlank()) {
            process.classHistogram(java.nio.file.Path.of(histogram + "-" + target.label + ".txt"));
        }

        Map<String, Object> r = bench.result("connections", target);
        r.put("connections", k);
        r.put("channels", channels);
        r.put("joinsPerSec", k / joinSeconds);
        r.put("joinCpu", cpuFigures);
        r.put("driverMaxFileDescriptors",
                ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount());
        if (before.isPresent() && after.isPresent()) {
            long heap = after.get().get("heapUsed") - before.get().get("heapUsed");
            r.put("serverHeapBefore", before.get().get("heapUsed"));
            r.put("serverHeapAfter", after.get().get("heapUsed"));
            r.put("heapBytesPerConnection", (double) heap / k);
            r.put("serverThreads", after.get().get("threads"));
            // what the server held when the heap was measured: fewer than K when some were dropped meanwhile
            // (e.g. pongs too late on an overloaded machine), which makes the per-connection figures too low
            r.put("serverConnections", after.get().getOrDefault(target == Target.RAW ? "rawSessions" : "ours.connections", -1L));
        }
        if (rssBefore.isPresent() && rssAfter.isPresent()) {
            r.put("serverRssBefore", rssBefore.get());
            r.put("serverRssAfter", rssAfter.get());
            r.put("rssBytesPerConnection", (double) (rssAfter.get() - rssBefore.get()) / k);
        }
        if (nativeBefore.isPresent() && nativeAfter.isPresent()) {
            r.put("nativeCommittedBytesPerConnection", (double) (nativeAfter.get() - nativeBefore.get()) / k);
        }
        bench.closeAll(connections);
        Optional<Map<String, Long>> end = bench.awaitEmptyRegistries(target, 30_000);
        end.ifPresent(s -> {
            r.put("registriesAfterClose", s);
            r.put("registriesEmpty", Bench.registriesEmpty(target, s));
        });
        bench.earlier("connections", Target.RAW, "connections", k)
                .filter(x -> target == Target.OURS && r.containsKey("heapBytesPerConnection"))
                .ifPresent(raw -> r.put("heapRatioToRaw",
                        (Double) r.get("heapBytesPerConnection") / (Double) raw.get("heapBytesPerConnection")));
        bench.report(r, String.format(Locale.ROOT,
                "connections %s K=%d over %d channels: %.0f joins/s; heap %s B/connection; RSS %s B/connection; "
                        + "native %s B/connection; server held %s; "
                        + "registries empty after close: %s",
                target.label, k, channels, r.get("joinsPerSec"),
                fmt(r.get("heapBytesPerConnection")), fmt(r.get("rssBytesPerConnection")),
                fmt(r.get("nativeCommittedBytesPerConnection")), r.getOrDefault("serverConnections", "n/a"),
                r.getOrDefault("registriesEmpty", "n/a")));
    }

    private static String fmt(Object v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.0f", (Double) v);
    }
}
