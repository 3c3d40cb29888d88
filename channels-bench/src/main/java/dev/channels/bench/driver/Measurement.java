package dev.channels.bench.driver;

import com.sun.management.OperatingSystemMXBean;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time and CPU time of the driver and the server over one phase, so a reader can see which
 * side was the bottleneck ({@code cores} = CPU time / wall time; the machine's core count is in every line),
 * and their threads' wake-ups (voluntary context switches, Linux) over it, which show hand-offs per event.
 */
final class Measurement {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final ServerProcess server;
    private final long startNanos;
    private final long driverCpuStart;
    private final long serverCpuStart;
    private final long driverWakeupsStart;
    private final long serverWakeupsStart;

    private Measurement(ServerProcess server) {
        this.server = server;
        this.startNanos = System.nanoTime();
        this.driverCpuStart = OS.getProcessCpuTime();
        this.serverCpuStart = server == null ? -1 : server.cpuNanos();
        this.driverWakeupsStart = ServerProcess.wakeups(ProcessHandle.current().pid());
        this.serverWakeupsStart = server == null ? -1 : server.wakeups();
    }

    static Measurement start(ServerProcess server) {
        return new Measurement(server);
    }

    /** CPU figures from the start until now. */
    Map<String, Object> cpu() {
        double wall = System.nanoTime() - startNanos;
        Map<String, Object> m = new LinkedHashMap<>();
        long driverCpu = OS.getProcessCpuTime() - driverCpuStart;
        m.put("wallMs", wall / 1e6);
        m.put("driverCpuMs", driverCpu / 1e6);
        m.put("driverCores", driverCpu / wall);
        if (server != null) {
            long serverCpu = server.cpuNanos() - serverCpuStart;
            m.put("serverCpuMs", serverCpu / 1e6);
            m.put("serverCores", serverCpu / wall);
        }
        long driverWakeups = ServerProcess.wakeups(ProcessHandle.current().pid());
        if (driverWakeupsStart >= 0 && driverWakeups >= 0) {
            m.put("driverWakeups", driverWakeups - driverWakeupsStart);
        }
        long serverWakeups = server == null ? -1 : server.wakeups();
        if (serverWakeupsStart >= 0 && serverWakeups >= 0) {
            m.put("serverWakeups", serverWakeups - serverWakeupsStart);
        }
        return m;
    }

    /** Server CPU microseconds per event ({@code events} deliveries or replies) over a phase, when known. */
    static java.util.Optional<Double> perEvent(Map<String, Object> cpu, long events) {
        Object serverCpuMs = cpu.get("serverCpuMs");
        if (!(serverCpuMs instanceof Double ms) || events <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ms * 1000 / events);
    }

    /** Histogram in microseconds as milliseconds: count, p50, p99, p99.9, max. */
    static Map<String, Object> latency(Histogram micros) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", micros.getTotalCount());
        m.put("p50Ms", micros.getValueAtPercentile(50) / 1000.0);
        m.put("p99Ms", micros.getValueAtPercentile(99) / 1000.0);
        m.put("p999Ms", micros.getValueAtPercentile(99.9) / 1000.0);
        m.put("maxMs", micros.getMaxValue() / 1000.0);
        return m;
    }
}
