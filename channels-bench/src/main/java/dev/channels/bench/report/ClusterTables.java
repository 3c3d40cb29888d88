package dev.channels.bench.report;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Locale;

import static dev.channels.bench.report.ReportMain.fmt;
import static dev.channels.bench.report.ReportMain.num;
import static dev.channels.bench.report.ReportMain.text;

/**
 * The "Cluster on Redis" tables of the report, from the cluster bench's lines
 * ({@code dev.channels.bench.cluster.ClusterBench}: {@code cluster-fanout}, {@code cluster-fanout-summary},
 * {@code cluster-redis-memory}); empty when the results have none.
 */
final class ClusterTables {

    private ClusterTables() {
    }

    static String section(List<JsonObject> lines) {
        List<JsonObject> rounds = of(lines, "cluster-fanout");
        List<JsonObject> summaries = of(lines, "cluster-fanout-summary");
        List<JsonObject> memory = of(lines, "cluster-redis-memory");
        if (rounds.isEmpty() && summaries.isEmpty() && memory.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("### Cluster on Redis (two nodes on one Redis vs one in-memory node, same run)\n\n");
        if (!summaries.isEmpty()) {
            s.append("| members | 2 Redis nodes / 1 in-memory node, deliveries/s (median; per round) | goal >= 60% "
                    + "| added latency p50 / p99 ms at the same fixed rate (median) | lost | out of order | load average before |\n");
            s.append("|---:|---|---|---|---:|---:|---|\n");
            for (JsonObject l : summaries) {
                double ratio = num(l, "medianRatio");
                double lost = num(l, "lost");
                s.append(String.format(Locale.ROOT, "| %s | %s (%s) | %s | %s / %s | %s | %s | %s |%n",
                        fmt(num(l, "members"), "%.0f"), fmt(ratio * 100, "%.0f%%"), percents(l.get("ratios")),
                        ratio >= 0.6 && lost == 0 ? "yes" : "**no**",
                        fmt(num(l, "medianAddedP50Ms"), "%+.2f"), fmt(num(l, "medianAddedP99Ms"), "%+.2f"),
                        fmt(lost, "%.0f"), fmt(num(l, "outOfOrder"), "%.0f"), text(l, "loadAverage")));
            }
            s.append('\n');
        }
        if (!rounds.isEmpty()) {
            s.append("| round | target | members per node | deliveries/s (max) | of in-memory | p50 / p99 ms at max "
                    + "| offered msg/s (fixed) | p50 / p99 ms at fixed | per node p50 / p99 ms at fixed "
                    + "| cores driver / nodes / redis (max) |\n");
            s.append("|---:|---|---|---:|---:|---|---:|---|---|---|\n");
            for (JsonObject l : rounds) {
                s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s / %s | %s | %s / %s | %s | %s / %s / %s |%n",
                        fmt(num(l, "round"), "%.0f"), text(l, "target"), text(l, "split"),
                        fmt(num(l, "max.deliveriesPerSec"), "%,.0f"), fmt(num(l, "deliveriesRatioToMemory") * 100, "%.0f%%"),
                        fmt(num(l, "max.latency.p50Ms"), "%.2f"), fmt(num(l, "max.latency.p99Ms"), "%.2f"),
                        fmt(num(l, "fixed.offeredMessagesPerSec"), "%,.0f"),
                        fmt(num(l, "fixed.latency.p50Ms"), "%.2f"), fmt(num(l, "fixed.latency.p99Ms"), "%.2f"),
                        perNode(l), fmt(num(l, "max.cpu.driverCores"), "%.2f"), fmt(num(l, "max.cpu.nodeCores"), "%.2f"),
                        fmt(num(l, "max.cpu.redisCores"), "%.2f")));
            }
            s.append('\n');
        }
        if (!memory.isEmpty()) {
            s.append("| Redis | channels x retained messages | envelope (chars) | used_memory per message "
                    + "| MEMORY USAGE of one stream per message | load average before |\n");
            s.append("|---|---|---:|---:|---:|---|\n");
            for (JsonObject l : memory) {
                s.append(String.format(Locale.ROOT, "| %s | %s x %s | %s | %s B | %s B | %s |%n",
                        text(l, "redisVersion"), fmt(num(l, "channels"), "%,.0f"), fmt(num(l, "history"), "%,.0f"),
                        fmt(num(l, "envelopeChars"), "%,.0f"), fmt(num(l, "usedMemoryPerMessage"), "%,.0f"),
                        fmt(num(l, "streamBytesPerMessage"), "%,.0f"), text(l, "loadAverage")));
            }
        }
        return s.toString();
    }

    private static List<JsonObject> of(List<JsonObject> lines, String workload) {
        return lines.stream().filter(l -> workload.equals(text(l, "workload"))).toList();
    }

    private static String percents(JsonValue ratios) {
        if (!(ratios instanceof JsonArray array)) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (JsonValue v : array) {
            s.append(s.length() == 0 ? "" : ", ").append(v.getValueType() == JsonValue.ValueType.NUMBER
                    ? String.format(Locale.ROOT, "%.0f%%", ((jakarta.json.JsonNumber) v).doubleValue() * 100) : "n/a");
        }
        return s.toString();
    }

    private static String perNode(JsonObject l) {
        JsonValue fixed = l.get("fixed");
        if (!(fixed instanceof JsonObject f) || !(f.get("latencyByNode") instanceof JsonArray nodes) || nodes.size() < 2) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        char name = 'a';
        for (JsonValue v : nodes) {
            JsonObject n = v.asJsonObject();
            s.append(s.length() == 0 ? "" : ", ").append(name++).append(' ')
                    .append(fmt(num(n, "p50Ms"), "%.2f")).append(" / ").append(fmt(num(n, "p99Ms"), "%.2f"));
        }
        return s.toString();
    }
}
