package dev.channels.bench.report;

import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static dev.channels.bench.report.ReportMain.fmt;
import static dev.channels.bench.report.ReportMain.num;
import static dev.channels.bench.report.ReportMain.text;
import static dev.channels.bench.report.Tables.of;

/**
 * The side-by-side view of one run: ours before and after (target {@code ours-before}), the raw Tyrus
 * ceiling and the Socket.IO peer, in the shape of issue 15's table (fan-out deliveries/s and server CPU
 * per delivery, request-reply replies/s, server CPU per reply and p99 at the fixed rate, idle
 * connection heap / RSS), with the ratios ours / raw, ours / Socket.IO and after / before; the chart
 * of the same figures; and the targets.
 * When a workload ran more than once on a target with the same size, the last result counts.
 */
final class Comparison {

    /** Target labels in column order, with the names the report and the charts use. */
    static final Map<String, String> SERIES_NAMES = new LinkedHashMap<>();

    static {
        SERIES_NAMES.put("ours-before", "channels before");
        SERIES_NAMES.put("ours", "channels");
        SERIES_NAMES.put("raw", "raw Tyrus ceiling");
        SERIES_NAMES.put("socketio", "Socket.IO 4.8");
    }

    private static final String[][] RATIOS = {{"raw", "ours / raw"}, {"socketio", "ours / Socket.IO"},
            {"ours-before", "after / before"}};

    private Comparison() {
    }

    /** One row: a figure of one workload at one size, as a number for ratios and as text for the cell. */
    private record Row(String name, String workload, Function<JsonObject, String> size, String sizeValue,
                       Function<JsonObject, Double> value, Function<JsonObject, String> cell) {
    }

    private static String members(JsonObject l) {
        return fmt(num(l, "members"), "%.0f");
    }

    private static String clients(JsonObject l) {
        return fmt(num(l, "clients"), "%.0f") + "x" + fmt(num(l, "inFlight"), "%.0f");
    }

    private static String connections(JsonObject l) {
        return fmt(num(l, "connections"), "%.0f");
    }

    private static List<Row> rows(List<JsonObject> lines) {
        List<Row> rows = new ArrayList<>();
        for (String n : sizes(lines, "fanout", Comparison::members)) {
            rows.add(new Row("fan-out " + n + " members, deliveries/s", "fanout", Comparison::members, n,
                    l -> num(l, "max.deliveriesPerSec"), l -> fmt(num(l, "max.deliveriesPerSec"), "%,.0f")));
            rows.add(new Row("fan-out " + n + ": server CPU per delivery", "fanout", Comparison::members, n,
                    l -> num(l, "max.serverCpuMicrosPerDelivery"),
                    l -> fmt(num(l, "max.serverCpuMicrosPerDelivery"), "%.1f us")));
        }
        for (String c : sizes(lines, "request-reply", Comparison::clients)) {
            rows.add(new Row("request-reply " + c + ", replies/s", "request-reply", Comparison::clients, c,
                    l -> num(l, "max.repliesPerSec"), l -> fmt(num(l, "max.repliesPerSec"), "%,.0f")));
            rows.add(new Row("request-reply " + c + ": server CPU per reply", "request-reply", Comparison::clients, c,
                    l -> num(l, "max.serverCpuMicrosPerReply"), l -> fmt(num(l, "max.serverCpuMicrosPerReply"), "%.1f us")));
            rows.add(new Row("request-reply " + c + ": p99 at " + fraction(lines) + " of max", "request-reply",
                    Comparison::clients, c, l -> num(l, "fixed.latency.p99Ms"), l -> fmt(num(l, "fixed.latency.p99Ms"), "%.1f ms")));
        }
        for (String c : sizes(lines, "request-reply-common", Comparison::clients)) {
            String rate = of(lines, "request-reply-common").stream().filter(l -> clients(l).equals(c)).reduce((a, b) -> b)
                    .map(l -> fmt(num(l, "offeredPerSec"), "%,.0f") + "/s").orElse("n/a");
            rows.add(new Row("request-reply " + c + ": p99 at one common rate (" + rate + ")", "request-reply-common",
                    Comparison::clients, c, l -> num(l, "latency.p99Ms"), l -> fmt(num(l, "latency.p99Ms"), "%.1f ms")));
        }
        for (String k : sizes(lines, "connections", Comparison::connections)) {
            rows.add(new Row("idle connection (" + String.format(Locale.ROOT, "%,d", Long.parseLong(k))
                    + "): heap / RSS", "connections", Comparison::connections, k,
                    l -> num(l, "heapBytesPerConnection"),
                    l -> fmt(num(l, "heapBytesPerConnection") / 1024, "%.1f") + " / "
                            + fmt(num(l, "rssBytesPerConnection") / 1024, "%.1f") + " KiB"));
        }
        return rows;
    }

    /** The fixed rate as a fraction of the maximum (the driver's {@code --rate-fraction}), from the results. */
    private static String fraction(List<JsonObject> lines) {
        return of(lines, "request-reply").stream().findFirst()
                .map(l -> fmt(100 * num(l, "fixed.offeredPerSec") / num(l, "max.repliesPerSec"), "%.0f%%"))
                .orElse("n/a");
    }

    private static Set<String> sizes(List<JsonObject> lines, String workload, Function<JsonObject, String> size) {
        Set<String> sizes = new LinkedHashSet<>();
        of(lines, workload).forEach(l -> sizes.add(size.apply(l)));
        return sizes;
    }

    private static List<String> targetsPresent(List<JsonObject> lines) {
        Set<String> present = new LinkedHashSet<>();
        for (String workload : List.of("fanout", "request-reply", "connections")) {
            of(lines, workload).forEach(l -> present.add(text(l, "target")));
        }
        List<String> ordered = new ArrayList<>();
        SERIES_NAMES.keySet().stream().filter(present::contains).forEach(ordered::add);
        present.stream().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        return ordered;
    }

    private static Optional<JsonObject> last(List<JsonObject> lines, Row row, String target) {
        return of(lines, row.workload()).stream()
                .filter(l -> target.equals(text(l, "target")) && row.sizeValue().equals(row.size().apply(l)))
                .reduce((a, b) -> b);
    }

    /** The issue 15 table: every target of the run side by side, and the ratios of ours to each of the others. */
    static String table(List<JsonObject> lines) {
        List<String> targets = targetsPresent(lines);
        if (!targets.contains("ours") || targets.size() < 2) {
            return "";
        }
        List<String[]> ratios = new ArrayList<>();
        for (String[] r : RATIOS) {
            if (targets.contains(r[0])) {
                ratios.add(r);
            }
        }
        StringBuilder s = new StringBuilder("### Side by side (one run, targets interleaved)\n\n| workload |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String t : targets) {
            s.append(' ').append(SERIES_NAMES.getOrDefault(t, t)).append(" |");
            rule.append("---:|");
        }
        for (String[] r : ratios) {
            s.append(' ').append(r[1]).append(" |");
            rule.append("---:|");
        }
        s.append('\n').append(rule).append('\n');
        for (Row row : rows(lines)) {
            s.append("| ").append(row.name()).append(" |");
            for (String t : targets) {
                s.append(' ').append(last(lines, row, t).map(row.cell()).orElse("")).append(" |");
            }
            double ours = last(lines, row, "ours").map(row.value()).orElse(Double.NaN);
            for (String[] r : ratios) {
                double other = last(lines, row, r[0]).map(row.value()).orElse(Double.NaN);
                s.append(' ').append(fmt(ours / other, "%.2f")).append(" |");
            }
            s.append('\n');
        }
        s.append("\nRatios are ours divided by the other column (for CPU, latency and memory lower is better). "
                + "Server CPU per delivery or reply is the server process's CPU time over the maximum-rate phase "
                + "divided by the deliveries or replies in it; heap after full collections, RSS from /proc.\n");
        return s.toString();
    }

    /** Issue 15's targets, where the run has the figures for them. */
    static String targets(List<JsonObject> lines) {
        StringBuilder s = new StringBuilder();
        for (JsonObject l : of(lines, "fanout")) {
            if (!"ours".equals(text(l, "target"))) {
                continue;
            }
            String n = members(l);
            double ratio = num(l, "deliveriesRatioToRaw");
            double cpu = num(l, "max.serverCpuMicrosPerDelivery");
            double peerCpu = peer(lines, "fanout", x -> members(x).equals(n), "max.serverCpuMicrosPerDelivery");
            s.append(String.format(Locale.ROOT, "| fan-out %s members: >= 1.0x raw deliveries/s | %sx | %s |%n",
                    n, fmt(ratio, "%.2f"), Tables.yes(ratio >= 1.0)));
            if (!Double.isNaN(peerCpu)) {
                s.append(String.format(Locale.ROOT,
                        "| fan-out %s members: server CPU per delivery <= Socket.IO's | %s us vs %s us | %s |%n",
                        n, fmt(cpu, "%.1f"), fmt(peerCpu, "%.1f"), Tables.yes(cpu <= peerCpu)));
            }
        }
        for (JsonObject l : of(lines, "request-reply")) {
            if (!"ours".equals(text(l, "target"))) {
                continue;
            }
            String c = clients(l);
            double ratio = num(l, "repliesRatioToRaw");
            s.append(String.format(Locale.ROOT, "| request-reply %s: >= 0.95x raw replies/s | %sx | %s |%n",
                    c, fmt(ratio, "%.2f"), Tables.yes(ratio >= 0.95)));
            p99AgainstSocketIo(s, lines, l, "request-reply", "fixed.latency.p99Ms",
                    "request-reply " + c + ": p99 at half the max");
        }
        for (JsonObject l : of(lines, "request-reply-common")) {
            if ("ours".equals(text(l, "target"))) {
                p99AgainstSocketIo(s, lines, l, "request-reply-common", "latency.p99Ms", "request-reply " + clients(l)
                        + ": p99 at one common rate (" + fmt(num(l, "offeredPerSec"), "%,.0f") + "/s)");
            }
        }
        for (JsonObject l : of(lines, "connections")) {
            if ("ours".equals(text(l, "target"))) {
                double heap = num(l, "heapBytesPerConnection");
                double rss = num(l, "rssBytesPerConnection");
                s.append(String.format(Locale.ROOT,
                        "| idle connection: <= 16 KiB heap and <= 24 KiB RSS | %s / %s KiB (%s connections) | %s |%n",
                        fmt(heap / 1024, "%.1f"), fmt(rss / 1024, "%.1f"), fmt(num(l, "connections"), "%,.0f"),
                        Tables.yes(heap <= 16 * 1024 && rss <= 24 * 1024)));
            }
        }
        return s.toString();
    }

    /**
     * The target row "{@code what} <= Socket.IO's" for ours' result line {@code l} of {@code workload}: its
     * p99 at {@code path} against the Socket.IO line's with the same clients; none when the run has no such line.
     */
    private static void p99AgainstSocketIo(StringBuilder s, List<JsonObject> lines, JsonObject l, String workload,
                                           String path, String what) {
        String c = clients(l);
        double p99 = num(l, path);
        double peerP99 = peer(lines, workload, x -> clients(x).equals(c), path);
        if (!Double.isNaN(peerP99)) {
            s.append(String.format(Locale.ROOT, "| %s <= Socket.IO's | %s ms vs %s ms | %s |%n",
                    what, fmt(p99, "%.2f"), fmt(peerP99, "%.2f"), Tables.yes(p99 <= peerP99)));
        }
    }

    private static double peer(List<JsonObject> lines, String workload, java.util.function.Predicate<JsonObject> size,
                               String path) {
        return of(lines, workload).stream().filter(l -> "socketio".equals(text(l, "target")) && size.test(l))
                .reduce((a, b) -> b).map(l -> num(l, path)).orElse(Double.NaN);
    }

    /**
     * The chart of the side-by-side figures: fan-out deliveries/s and server CPU per delivery by
     * members, request-reply replies/s and server CPU per reply, idle heap per connection; one bar
     * per target (before, after, raw, Socket.IO).
     */
    static String chart(List<JsonObject> lines) {
        SvgChart fanout = new SvgChart("Fan-out: deliveries/s (max)", "members", "deliveries/s").bars();
        SvgChart fanoutCpu = new SvgChart("Fan-out: server CPU per delivery", "members", "us").bars();
        SvgChart rr = new SvgChart("Request-reply: replies/s (max)", "clients x in flight", "replies/s").bars();
        SvgChart rrCpu = new SvgChart("Request-reply: server CPU per reply", "clients x in flight", "us").bars();
        SvgChart p99 = new SvgChart("Request-reply: p99 at half the max", "clients x in flight", "ms").bars();
        SvgChart commonP99 = new SvgChart("Request-reply: p99 at one common rate", "clients x in flight", "ms").bars();
        SvgChart heap = new SvgChart("Idle connection: heap and RSS", "", "KiB").bars();
        for (String target : targetsPresent(lines)) {
            String series = SERIES_NAMES.getOrDefault(target, target);
            for (JsonObject l : of(lines, "fanout")) {
                if (target.equals(text(l, "target"))) {
                    fanout.point(series, members(l), num(l, "max.deliveriesPerSec"));
                    fanoutCpu.point(series, members(l), num(l, "max.serverCpuMicrosPerDelivery"));
                }
            }
            for (JsonObject l : of(lines, "request-reply")) {
                if (target.equals(text(l, "target"))) {
                    rr.point(series, clients(l), num(l, "max.repliesPerSec"));
                    rrCpu.point(series, clients(l), num(l, "max.serverCpuMicrosPerReply"));
                    p99.point(series, clients(l), num(l, "fixed.latency.p99Ms"));
                }
            }
            for (JsonObject l : of(lines, "request-reply-common")) {
                if (target.equals(text(l, "target"))) {
                    commonP99.point(series, clients(l), num(l, "latency.p99Ms"));
                }
            }
            for (JsonObject l : of(lines, "connections")) {
                if (target.equals(text(l, "target"))) {
                    heap.point(series, "heap", num(l, "heapBytesPerConnection") / 1024);
                    heap.point(series, "RSS", num(l, "rssBytesPerConnection") / 1024);
                }
            }
        }
        List<SvgChart> charts = new ArrayList<>();
        for (SvgChart c : List.of(fanout, fanoutCpu, rr, rrCpu, p99, commonP99, heap)) {
            if (!c.isEmpty()) {
                charts.add(c);
            }
        }
        return SvgChart.document(charts, 520, 360, 2);
    }
}
