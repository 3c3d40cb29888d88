package dev.channels.bench.report;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.channels.bench.report.ReportMain.fmt;
import static dev.channels.bench.report.ReportMain.num;
import static dev.channels.bench.report.ReportMain.text;

/** The Markdown tables of the report and the fan-out chart, from the driver's result lines. */
final class Tables {

    private Tables() {
    }

    static String all(List<JsonObject> lines, JsonArray jmh, String machine) {
        StringBuilder s = new StringBuilder();
        if (!machine.isEmpty()) {
            s.append("Machine: ").append(machine).append("\n\n");
        }
        s.append(targets(lines)).append('\n');
        s.append(Comparison.table(lines)).append('\n');
        s.append(fanout(lines)).append('\n');
        s.append(requestReply(lines)).append('\n');
        String common = requestReplyCommon(lines);
        if (!common.isEmpty()) {
            s.append(common).append('\n');
        }
        s.append(connections(lines)).append('\n');
        for (String section : List.of(bigRoom(lines), presenceStorm(lines))) {
            if (!section.isEmpty()) {
                s.append(section).append('\n');
            }
        }
        s.append(churn(lines)).append('\n');
        String cluster = ClusterTables.section(lines);
        if (!cluster.isEmpty()) {
            s.append(cluster).append('\n');
        }
        s.append(jmh(jmh));
        return s.toString();
    }

    static List<JsonObject> of(List<JsonObject> lines, String workload) {
        return lines.stream().filter(l -> workload.equals(text(l, "workload"))).toList();
    }

    static String fanout(List<JsonObject> lines) {
        return table("### Fan-out (one publisher, N members, every member gets every message)",
                "| members | target | deliveries/s (max) | ours/raw | p50 / p99 / max ms at max | offered msg/s (fixed) "
                        + "| p50 / p99 / max ms at fixed | lost | out of order | cores driver / server (max) | server CPU us/delivery (max) |",
                "|---:|---|---:|---:|---|---:|---|---:|---:|---|---:|",
                of(lines, "fanout"), l -> List.of(
                        fmt(num(l, "members"), "%.0f"), text(l, "target"), fmt(num(l, "max.deliveriesPerSec"), "%,.0f"),
                        fmt(num(l, "deliveriesRatioToRaw") * 100, "%.0f%%"), latency(l, "max"),
                        fmt(num(l, "fixed.offeredMessagesPerSec"), "%,.0f"), latency(l, "fixed"),
                        fmt(num(l, "lost"), "%.0f"), fmt(num(l, "outOfOrder"), "%.0f"),
                        fmt(num(l, "max.cpu.driverCores"), "%.2f") + " / " + fmt(num(l, "max.cpu.serverCores"), "%.2f"),
                        fmt(num(l, "max.serverCpuMicrosPerDelivery"), "%.1f")));
    }

    static String requestReply(List<JsonObject> lines) {
        return table("### Request-reply (C clients, W requests in flight each, direct handler)",
                "| target | C x W | replies/s (max) | ours/raw | p50 / p99 / max ms at max | offered/s (fixed) "
                        + "| p50 / p99 / max ms at fixed | lost | cores driver / server (max) | server CPU us/reply (max) |",
                "|---|---|---:|---:|---|---:|---|---:|---|---:|",
                of(lines, "request-reply"), l -> List.of(
                        text(l, "target"), clientsTimesInFlight(l),
                        fmt(num(l, "max.repliesPerSec"), "%,.0f"), fmt(num(l, "repliesRatioToRaw") * 100, "%.0f%%"),
                        latency(l, "max"), fmt(num(l, "fixed.offeredPerSec"), "%,.0f"), latency(l, "fixed"),
                        fmt(num(l, "lost"), "%.0f"),
                        fmt(num(l, "max.cpu.driverCores"), "%.2f") + " / " + fmt(num(l, "max.cpu.serverCores"), "%.2f"),
                        fmt(num(l, "max.serverCpuMicrosPerReply"), "%.1f")));
    }

    /**
     * The common-rate pass: every target at one offered rate (so the latencies compare like for like, unlike the
     * fixed rate above, which is a fraction of each target's own maximum). Empty when the run had none.
     */
    static String requestReplyCommon(List<JsonObject> lines) {
        List<JsonObject> common = of(lines, "request-reply-common");
        if (common.isEmpty()) {
            return "";
        }
        return table("### Request-reply at one common rate (every target at the same offered rate)",
                "| target | C x W | offered/s | rate from | p50 / p99 / p99.9 / max ms | p50 / p99 ms from the actual send "
                        + "| driver send lag p99 / max ms "
                        + "| server GC pauses (count / ms) | lost | cores driver / server | server CPU us/reply "
                        + "| wake-ups per reply server / driver |",
                "|---|---|---:|---|---|---|---|---|---:|---|---:|---|",
                common, l -> List.of(
                        text(l, "target"), clientsTimesInFlight(l),
                        fmt(num(l, "offeredPerSec"), "%,.0f"), text(l, "rateBasis"),
                        fmt(num(l, "latency.p50Ms"), "%.2f") + " / " + fmt(num(l, "latency.p99Ms"), "%.2f")
                                + " / " + fmt(num(l, "latency.p999Ms"), "%.2f") + " / " + fmt(num(l, "latency.maxMs"), "%.2f"),
                        fmt(num(l, "latencyFromActualSend.p50Ms"), "%.2f") + " / "
                                + fmt(num(l, "latencyFromActualSend.p99Ms"), "%.2f"),
                        fmt(num(l, "sendLag.p99Ms"), "%.2f") + " / " + fmt(num(l, "sendLag.maxMs"), "%.2f"),
                        Double.isNaN(num(l, "serverGcPauses")) ? "n/a"
                                : fmt(num(l, "serverGcPauses"), "%.0f") + " / " + fmt(num(l, "serverGcPauseMs"), "%.0f"),
                        fmt(num(l, "lost"), "%.0f"),
                        fmt(num(l, "cpu.driverCores"), "%.2f") + " / " + fmt(num(l, "cpu.serverCores"), "%.2f"),
                        fmt(num(l, "serverCpuMicrosPerReply"), "%.1f"),
                        fmt(num(l, "serverWakeupsPerReply"), "%.2f") + " / " + fmt(num(l, "driverWakeupsPerReply"), "%.2f")))
                + "\nLatency from the intended send time (open loop, no coordinated omission); from the actual send: the same "
                + "replies timed from when the request really left the driver (hides the driver's own lateness). Driver send lag: how late the driver's sending thread "
                + "put a request on its connection (actual minus intended send time), the driver's own share of the tail. "
                + "Server GC pauses: stop-the-world collections of the server JVM during the phase (collector beans). "
                + "Wake-ups: voluntary context switches of the process's threads (Linux), per reply.\n";
    }

    static String connections(List<JsonObject> lines) {
        return table("### Idle connections (K members over K/2 channels)",
                "| target | K | joins/s | heap B/connection (after full GC) | ours/raw | RSS B/connection "
                        + "| native committed B/connection (NMT) | registries empty after close | driver fd limit |",
                "|---|---:|---:|---:|---:|---:|---:|---|---:|",
                of(lines, "connections"), l -> List.of(
                        text(l, "target"), fmt(num(l, "connections"), "%,.0f"), fmt(num(l, "joinsPerSec"), "%,.0f"),
                        fmt(num(l, "heapBytesPerConnection"), "%,.0f"), fmt(num(l, "heapRatioToRaw") * 100, "%.0f%%"),
                        fmt(num(l, "rssBytesPerConnection"), "%,.0f"),
                        fmt(num(l, "nativeCommittedBytesPerConnection"), "%,.0f"), text(l, "registriesEmpty"),
                        fmt(num(l, "driverMaxFileDescriptors"), "%.0f")));
    }

    /** The big room: N members in one channel, joins, idle memory, broadcasts one at a time. Empty without such lines. */
    static String bigRoom(List<JsonObject> lines) {
        List<JsonObject> room = of(lines, "big-room");
        if (room.isEmpty()) {
            return "";
        }
        return table("### Big room (N members in ONE channel; broadcasts one at a time)",
                "| target | N (joined) | addresses | joins/s | server CPU us/join | heap B/member (after full GC) "
                        + "| RSS B/member | native committed B/member (NMT) | rounds | ms until all have it: median / min / max "
                        + "| delivery p50 / p99 ms | server CPU us/delivery | lost | out of order | registries empty after close |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|",
                room, l -> List.of(
                        text(l, "target"), fmt(num(l, "members"), "%,.0f") + " (" + fmt(num(l, "joined"), "%,.0f") + ")",
                        fmt(num(l, "hosts"), "%.0f"), fmt(num(l, "joinsPerSec"), "%,.0f"),
                        fmt(num(l, "serverCpuMicrosPerJoin"), "%,.0f"), fmt(num(l, "heapBytesPerConnection"), "%,.0f"),
                        fmt(num(l, "rssBytesPerConnection"), "%,.0f"), fmt(num(l, "nativeCommittedBytesPerConnection"), "%,.0f"),
                        fmt(num(l, "broadcast.completeRounds"), "%.0f") + " of " + fmt(num(l, "broadcast.rounds"), "%.0f"),
                        fmt(num(l, "broadcast.allDeliveredMs.medianMs"), "%.1f") + " / "
                                + fmt(num(l, "broadcast.allDeliveredMs.minMs"), "%.1f") + " / "
                                + fmt(num(l, "broadcast.allDeliveredMs.maxMs"), "%.1f"),
                        fmt(num(l, "broadcast.latency.p50Ms"), "%.1f") + " / " + fmt(num(l, "broadcast.latency.p99Ms"), "%.1f"),
                        fmt(num(l, "broadcast.serverCpuMicrosPerDelivery"), "%.1f"),
                        fmt(num(l, "lost"), "%,.0f"), fmt(num(l, "outOfOrder"), "%,.0f"), text(l, "registriesEmpty")))
                + "\nJoins/s: N / (last join - start), at most --join-concurrency handshakes at once, spread over the "
                + "addresses. Memory: the server's figure with everyone joined and idle (heap after full collections) minus "
                + "the same before the joins, per member. A broadcast goes out only when every member has the previous one; "
                + "ms until all have it: from the send until the last member has it. Server CPU per delivery: over the "
                + "measured rounds, divided by N x rounds. Lost counts every member x round not delivered, warm-up included.\n";
    }

    /** The presence join storm ({@code PresenceJoinStorm --out}). Empty without such lines. */
    static String presenceStorm(List<JsonObject> lines) {
        List<JsonObject> storm = of(lines, "presence-storm");
        if (storm.isEmpty()) {
            return "";
        }
        return table("### Presence join storm (N members join one channel with presence on; standalone runner)",
                "| members | presence | storm ms | joins/s | presence frames | per member | the first member's "
                        + "| per-member events would be (per member) | cut or refused |",
                "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
                storm, l -> List.of(
                        fmt(num(l, "members"), "%,.0f"),
                        "each".equals(text(l, "mode")) ? "per-member events"
                                : "batched, presence.diff every " + fmt(num(l, "intervalMs"), "%.0f") + " ms",
                        fmt(num(l, "stormMs"), "%,.0f"), fmt(num(l, "joinsPerSec"), "%,.0f"),
                        fmt(num(l, "presenceFrames"), "%,.0f"), fmt(num(l, "framesPerMember"), "%,.1f"),
                        fmt(num(l, "firstMemberFrames"), "%,.0f"), fmt(num(l, "perMemberEventsWouldBe"), "%,.0f"),
                        fmt(num(l, "cutOrRefused"), "%,.0f")));
    }

    static String churn(List<JsonObject> lines) {
        return table("### Churn (clients joining and leaving during broadcasts)",
                "| target | seconds | joins | joins/s | broadcasts | stable members lost | heap growth (B, after GC) "
                        + "| thread growth | registries empty after close | registries after close |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
                of(lines, "churn"), l -> {
                    JsonValue after = l.get("registriesAfterClose");
                    return List.of(
                            text(l, "target"), fmt(num(l, "seconds"), "%.0f"), fmt(num(l, "joins"), "%,.0f"),
                            fmt(num(l, "joinsPerSec"), "%,.0f"), fmt(num(l, "broadcasts"), "%,.0f"),
                            fmt(num(l, "stableLost"), "%.0f"), fmt(num(l, "heapGrowthBytes"), "%,.0f"),
                            fmt(num(l, "threadGrowth"), "%.0f"), text(l, "registriesEmpty"),
                            "`" + (after == null ? "" : after.toString()) + "`");
                });
    }

    /**
     * A Markdown table of the result lines {@code rows}: a heading, the column titles and alignment rows,
     * then one row per line with the cells {@code cells} makes of it (each already formatted).
     */
    private static String table(String heading, String titles, String alignment, List<JsonObject> rows,
                                Function<JsonObject, List<String>> cells) {
        if (rows.isEmpty()) {
            return ""; // the run did not have this workload
        }
        StringBuilder s = new StringBuilder(heading).append("\n\n").append(titles).append('\n').append(alignment).append('\n');
        for (JsonObject l : rows) {
            s.append("| ").append(String.join(" | ", cells.apply(l))).append(" |").append(System.lineSeparator());
        }
        return s.toString();
    }

    private static String clientsTimesInFlight(JsonObject l) {
        return fmt(num(l, "clients"), "%.0f") + " x " + fmt(num(l, "inFlight"), "%.0f");
    }

    static String jmh(JsonArray results) {
        if (results.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("### JMH micro-benchmarks\n\n| benchmark | params | score | error (99.9%) | unit |\n");
        s.append("|---|---|---:|---:|---|\n");
        for (JsonValue v : results) {
            JsonObject r = v.asJsonObject();
            String name = r.getString("benchmark");
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            if (r.containsKey("params")) {
                new TreeMap<>(r.getJsonObject("params")).forEach((k, p) ->
                        params.append(params.length() == 0 ? "" : ", ").append(k).append('=')
                                .append(((jakarta.json.JsonString) p).getString()));
            }
            JsonObject m = r.getJsonObject("primaryMetric");
            s.append(String.format(Locale.ROOT, "| %s | %s | %,.1f | %s | %s |%n", name, params,
                    m.getJsonNumber("score").doubleValue(),
                    m.get("scoreError").getValueType() == JsonValue.ValueType.NUMBER
                            ? String.format(Locale.ROOT, "%,.1f", m.getJsonNumber("scoreError").doubleValue()) : "n/a",
                    m.getString("scoreUnit")));
        }
        return s.toString();
    }

    /** How far each target of issue 7 is reached, from the results present. */
    static String targets(List<JsonObject> lines) {
        StringBuilder s = new StringBuilder("### Targets\n\n| target | measured | reached |\n|---|---|---|\n");
        for (JsonObject l : of(lines, "fanout")) {
            if (!"ours".equals(text(l, "target"))) {
                continue;
            }
            double ratio = num(l, "deliveriesRatioToRaw");
            double lost = num(l, "lost");
            s.append(String.format(Locale.ROOT, "| fan-out %s members: >= 90%% of raw deliveries/s, 0 lost | %s of raw, %s lost | %s |%n",
                    fmt(num(l, "members"), "%.0f"), fmt(ratio * 100, "%.0f%%"), fmt(lost, "%.0f"),
                    yes(ratio >= 0.9 && lost == 0)));
        }
        for (JsonObject l : of(lines, "request-reply")) {
            if ("ours".equals(text(l, "target"))) {
                double p99 = num(l, "fixed.latency.p99Ms");
                s.append(String.format(Locale.ROOT, "| request-reply p99 < 5 ms at half the max rate | p99 %s ms at %s/s | %s |%n",
                        fmt(p99, "%.2f"), fmt(num(l, "fixed.offeredPerSec"), "%,.0f"), yes(p99 < 5)));
            }
        }
        for (JsonObject l : of(lines, "connections")) {
            if ("ours".equals(text(l, "target"))) {
                double heap = num(l, "heapBytesPerConnection");
                double k = num(l, "connections");
                s.append(String.format(Locale.ROOT, "| 10,000 idle members, <= 20 KiB heap each | %s members, %s B each | %s |%n",
                        fmt(k, "%,.0f"), fmt(heap, "%,.0f"), yes(k >= 10_000 && heap <= 20 * 1024)));
            }
        }
        for (JsonObject l : of(lines, "churn")) {
            if ("ours".equals(text(l, "target"))) {
                boolean empty = "true".equals(text(l, "registriesEmpty"));
                double heap = num(l, "heapGrowthBytes");
                double threads = num(l, "threadGrowth");
                s.append(String.format(Locale.ROOT,
                        "| churn: registries empty, no thread or memory growth over 2 min | %s s: registries empty %s, "
                                + "heap growth %s B, thread growth %s | %s |%n",
                        fmt(num(l, "seconds"), "%.0f"), empty, fmt(heap, "%,.0f"), fmt(threads, "%.0f"),
                        yes(empty && threads <= 0 && heap < 1024 * 1024 && num(l, "seconds") >= 120)));
            }
        }
        s.append(Comparison.targets(lines));
        return s.toString();
    }

    static String yes(boolean b) {
        return b ? "yes" : "**no**";
    }

    private static String latency(JsonObject l, String phase) {
        return fmt(num(l, phase + ".latency.p50Ms"), "%.2f") + " / " + fmt(num(l, phase + ".latency.p99Ms"), "%.2f")
                + " / " + fmt(num(l, phase + ".latency.maxMs"), "%.2f");
    }

    static String fanoutChart(List<JsonObject> lines) {
        SvgChart rate = new SvgChart("Fan-out: deliveries/s at maximum rate", "members in the channel", "deliveries/s");
        SvgChart p99 = new SvgChart("Fan-out: p99 latency at the fixed rate", "members in the channel", "p99 ms");
        Map<String, String> names = Comparison.SERIES_NAMES;
        for (JsonObject l : of(lines, "fanout")) {
            String category = fmt(num(l, "members"), "%.0f");
            String series = names.getOrDefault(text(l, "target"), text(l, "target"));
            rate.point(series, category, num(l, "max.deliveriesPerSec"));
            p99.point(series, category, num(l, "fixed.latency.p99Ms"));
        }
        return SvgChart.document(List.of(rate, p99), 520, 360);
    }
}
