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
 * When a workload ran more than once on a target with the same size, the run with the median figure counts (per
 * row), and the cell shows the range over the runs.
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
                       Function<JsonObject, Double> value, Function<JsonObject, String> cell, String tag,
                       boolean higherIsBetter) {

        /** A row whose figure is better lower (CPU, latency, memory), with {@code name} as its short tag. */
        Row(String name, String workload, Function<JsonObject, String> size, String sizeValue,
            Function<JsonObject, Double> value, Function<JsonObject, String> cell) {
            this(name, workload, size, sizeValue, value, cell, name, false);
        }

        Row tagged(String shortName, boolean higher) {
            return new Row(name, workload, size, sizeValue, value, cell, shortName, higher);
        }
    }

    private static String roomMembers(JsonObject l) {
        return fmt(num(l, "members"), "%.0f");
    }

    private static String stormSize(JsonObject l) {
        return fmt(num(l, "members"), "%.0f") + " " + text(l, "mode");
    }

    private static String thousands(String n) {
        return String.format(Locale.ROOT, "%,d", Long.parseLong(n));
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
                    l -> num(l, "max.deliveriesPerSec"), l -> fmt(num(l, "max.deliveriesPerSec"), "%,.0f"))
                    .tagged("fan-out " + n + ": deliveries/s", true));
            rows.add(new Row("fan-out " + n + ": server CPU per delivery", "fanout", Comparison::members, n,
                    l -> num(l, "max.serverCpuMicrosPerDelivery"),
                    l -> fmt(num(l, "max.serverCpuMicrosPerDelivery"), "%.1f us")).tagged("fan-out " + n + ": CPU/delivery", false));
        }
        for (String c : sizes(lines, "request-reply", Comparison::clients)) {
            rows.add(new Row("request-reply " + c + ", replies/s", "request-reply", Comparison::clients, c,
                    l -> num(l, "max.repliesPerSec"), l -> fmt(num(l, "max.repliesPerSec"), "%,.0f"))
                    .tagged("req-reply " + c + ": replies/s", true));
            rows.add(new Row("request-reply " + c + ": server CPU per reply", "request-reply", Comparison::clients, c,
                    l -> num(l, "max.serverCpuMicrosPerReply"), l -> fmt(num(l, "max.serverCpuMicrosPerReply"), "%.1f us"))
                    .tagged("req-reply " + c + ": CPU/reply", false));
            rows.add(new Row("request-reply " + c + ": p99 at " + fraction(lines) + " of max", "request-reply",
                    Comparison::clients, c, l -> num(l, "fixed.latency.p99Ms"),
                    l -> fmt(num(l, "fixed.latency.p99Ms"), "%.1f ms") + " at " + fmt(num(l, "fixed.offeredPerSec") / 1000, "%.1fk/s"))
                    .tagged("req-reply " + c + ": p99 at own " + fraction(lines), false));
        }
        for (String c : sizes(lines, "request-reply-common", Comparison::clients)) {
            String rate = of(lines, "request-reply-common").stream().filter(l -> clients(l).equals(c)).reduce((a, b) -> b)
                    .map(l -> fmt(num(l, "offeredPerSec"), "%,.0f") + "/s"
                            + ("explicit".equals(text(l, "rateBasis")) || text(l, "rateBasis").isEmpty() ? ""
                            : ": " + text(l, "rateBasis"))).orElse("n/a");
            rows.add(new Row("request-reply " + c + ": p99 at one common rate (" + rate + ")", "request-reply-common",
                    Comparison::clients, c, l -> num(l, "latency.p99Ms"), l -> fmt(num(l, "latency.p99Ms"), "%.1f ms"))
                    .tagged("req-reply " + c + ": p99 at common rate", false));
            rows.add(new Row("request-reply " + c + ": server cores used at that rate", "request-reply-common",
                    Comparison::clients, c, l -> num(l, "cpu.serverCores"), l -> fmt(num(l, "cpu.serverCores"), "%.2f"))
                    .tagged("req-reply " + c + ": cores at common rate", false));
        }
        for (String k : sizes(lines, "connections", Comparison::connections)) {
            rows.add(new Row("idle connection (" + String.format(Locale.ROOT, "%,d", Long.parseLong(k))
                    + "): heap / RSS", "connections", Comparison::connections, k,
                    l -> num(l, "heapBytesPerConnection"),
                    l -> fmt(num(l, "heapBytesPerConnection") / 1024, "%.1f") + " / "
                            + fmt(num(l, "rssBytesPerConnection") / 1024, "%.1f") + " KiB")
                    .tagged("idle " + k + ": heap/conn", false));
        }
        for (String n : sizes(lines, "big-room", Comparison::roomMembers)) {
            String m = thousands(n);
            rows.add(new Row(m + " members joining one channel, joins/s", "big-room", Comparison::roomMembers, n,
                    l -> num(l, "joinsPerSec"), l -> fmt(num(l, "joinsPerSec"), "%,.0f")).tagged("room " + n + ": joins/s", true));
            rows.add(new Row("RSS per idle connection at " + m, "big-room", Comparison::roomMembers, n,
                    l -> num(l, "rssBytesPerConnection"), l -> fmt(num(l, "rssBytesPerConnection") / 1024, "%.1f KiB"))
                    .tagged("room " + n + ": RSS/conn", false));
            rows.add(new Row("heap per idle connection at " + m, "big-room", Comparison::roomMembers, n,
                    l -> num(l, "heapBytesPerConnection"), l -> fmt(num(l, "heapBytesPerConnection") / 1024, "%.1f KiB"))
                    .tagged("room " + n + ": heap/conn", false));
            rows.add(new Row("one broadcast to " + m + " members, ms until all have it (median; max)", "big-room",
                    Comparison::roomMembers, n, l -> num(l, "broadcast.allDeliveredMs.medianMs"),
                    l -> fmt(num(l, "broadcast.allDeliveredMs.medianMs"), "%.0f") + "; "
                            + fmt(num(l, "broadcast.allDeliveredMs.maxMs"), "%.0f"))
                    .tagged("room " + n + ": ms until all", false));
            rows.add(new Row("server CPU per delivery there", "big-room", Comparison::roomMembers, n,
                    l -> num(l, "broadcast.serverCpuMicrosPerDelivery"),
                    l -> fmt(num(l, "broadcast.serverCpuMicrosPerDelivery"), "%.1f us"))
                    .tagged("room " + n + ": CPU/delivery", false));
            rows.add(new Row("big room " + m + ": lost deliveries; registries empty after close", "big-room",
                    Comparison::roomMembers, n, l -> num(l, "lost"),
                    l -> Double.isNaN(num(l, "lost")) ? "joined " + fmt(num(l, "joined"), "%,.0f") + " of " + m
                            : fmt(num(l, "lost"), "%,.0f") + "; " + text(l, "registriesEmpty")).tagged(null, false));
        }
        for (String size : sizes(lines, "presence-storm", Comparison::stormSize)) {
            JsonObject any = of(lines, "presence-storm").stream().filter(l -> stormSize(l).equals(size)).reduce((a, b) -> b)
                    .orElseThrow();
            String n = fmt(num(any, "members"), "%,.0f");
            String how = "each".equals(text(any, "mode")) ? "with per-member events"
                    : "batched (presence.diff every " + fmt(num(any, "intervalMs"), "%.0f") + " ms)";
            rows.add(new Row("presence join storm of " + n + ", presence frames per member, " + how, "presence-storm",
                    Comparison::stormSize, size, l -> num(l, "framesPerMember"), l -> fmt(num(l, "framesPerMember"), "%,.1f"))
                    .tagged("storm " + size + ": frames/member", false));
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
        for (String workload : List.of("fanout", "request-reply", "connections", "big-room")) {
            of(lines, workload).forEach(l -> present.add(text(l, "target")));
        }
        List<String> ordered = new ArrayList<>();
        SERIES_NAMES.keySet().stream().filter(present::contains).forEach(ordered::add);
        present.stream().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        return ordered;
    }

    /** Every result line of {@code row}'s workload and size on {@code target}, in run order. */
    private static List<JsonObject> runs(List<JsonObject> lines, Row row, String target) {
        return of(lines, row.workload()).stream()
                .filter(l -> target.equals(text(l, "target")) && row.sizeValue().equals(row.size().apply(l)))
                .toList();
    }

    /**
     * The line that counts for {@code row} on {@code target}: with one run, that run; with several (e.g.
     * {@code ROUNDS=3 issue23.sh}), the one whose figure is the median (the lower of the two middle ones for an
     * even count; runs without the figure last).
     */
    private static Optional<JsonObject> last(List<JsonObject> lines, Row row, String target) {
        List<JsonObject> runs = new ArrayList<>(runs(lines, row, target));
        if (runs.size() <= 1) {
            return runs.stream().findFirst();
        }
        runs.sort(java.util.Comparator.comparingDouble(l -> {
            double v = row.value().apply(l);
            return Double.isNaN(v) ? Double.MAX_VALUE : v;
        }));
        long withFigure = runs.stream().filter(l -> !Double.isNaN(row.value().apply(l))).count();
        return Optional.of(runs.get((int) Math.max(0, (withFigure - 1) / 2)));
    }

    /** A cell's figure without what follows it (" at 17.7k/s", "; max"), for the range. */
    private static String figureOnly(String cell) {
        int cut = cell.length();
        for (String sep : new String[] {" at ", "; "}) {
            int at = cell.indexOf(sep);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        return cell.substring(0, cut);
    }

    /** The cell of {@code row} on {@code target}: the median run's, and with several runs their range. */
    private static String cell(List<JsonObject> lines, Row row, String target) {
        Optional<JsonObject> median = last(lines, row, target);
        if (median.isEmpty()) {
            return "";
        }
        List<JsonObject> measured = runs(lines, row, target).stream().filter(l -> !Double.isNaN(row.value().apply(l)))
                .sorted(java.util.Comparator.comparingDouble(l -> row.value().apply(l))).toList();
        String cell = row.cell().apply(median.get());
        if (measured.size() > 1 && row.tag() != null) {
            cell += " [" + figureOnly(row.cell().apply(measured.get(0))) + " .. "
                    + figureOnly(row.cell().apply(measured.get(measured.size() - 1))) + ", " + measured.size() + " runs]";
        }
        return cell;
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
        StringBuilder s = new StringBuilder("### Side by side (targets interleaved in each run)\n\n| workload |");
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
                s.append(' ').append(cell(lines, row, t)).append(" |");
            }
            for (String[] r : ratios) {
                s.append(' ').append(row.tag() == null ? "" : fmt(ratio(lines, row, r[0]), "%.2f")).append(" |");
            }
            s.append('\n');
        }
        s.append("\nRatios are ours divided by the other column (for CPU, latency and memory lower is better). "
                + "Server CPU per delivery or reply is the server process's CPU time over the maximum-rate phase "
                + "divided by the deliveries or replies in it; heap after full collections, RSS from /proc. "
                + "With several runs of a workload (ROUNDS=n issue23.sh), a cell is the run with the median figure, "
                + "[the range over the runs] after it, and the ratios are of the medians.\n");
        return s.toString();
    }

    /** Ours' figure of {@code row} divided by {@code other}'s, or NaN when either is missing. */
    private static double ratio(List<JsonObject> lines, Row row, String other) {
        double ours = last(lines, row, "ours").map(row.value()).orElse(Double.NaN);
        double theirs = last(lines, row, other).map(row.value()).orElse(Double.NaN);
        return ours / theirs;
    }

    /**
     * The ratio chart: per figure of the side-by-side table, after / before and ours / Socket.IO as horizontal bars
     * around a line at 1.0 (equal), green where ours is better (a higher rate, or less CPU, latency or memory),
     * red where it is worse. Empty when the run has neither a before nor a Socket.IO target.
     */
    static String ratioChart(List<JsonObject> lines) {
        List<String> targets = targetsPresent(lines);
        List<String[]> pairs = new ArrayList<>();
        if (targets.contains("ours-before")) {
            pairs.add(new String[] {"ours-before", "after / before"});
        }
        if (targets.contains("socketio")) {
            pairs.add(new String[] {"socketio", "ours / Socket.IO"});
        }
        List<Row> rows = rows(lines).stream().filter(r -> r.tag() != null).toList();
        if (!targets.contains("ours") || pairs.isEmpty() || rows.isEmpty()) {
            return "";
        }
        int labelW = 250;
        int panelW = 330;
        int rowH = 22;
        int top = 60;
        double scaleMax = 3.0; // ratios over 3 are drawn to 3 and labelled with their value
        int width = labelW + panelW * pairs.size() + 20;
        int height = top + rowH * rows.size() + 40;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>%n"
                        + "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\">"
                        + "Ratios of ours (1.0 = equal; green: ours better, red: worse)</text>%n",
                width, height, width / 2));
        for (int p = 0; p < pairs.size(); p++) {
            int x0 = labelW + p * panelW;
            double one = x0 + (panelW - 20) / scaleMax;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"48\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                    x0, pairs.get(p)[1]));
            for (double tick = 0; tick <= scaleMax; tick += 0.5) {
                double x = x0 + tick * (panelW - 20) / scaleMax;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.1f</text>%n",
                        x, top - 4, x, top + rowH * rows.size(), tick == 1.0 ? "#000" : "#ddd", x,
                        top + rowH * rows.size() + 14, tick));
            }
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                double r = ratio(lines, row, pairs.get(p)[0]);
                int y = top + i * rowH;
                if (Double.isNaN(r) || Double.isInfinite(r)) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#888\">n/a</text>%n",
                            one + 4, y + 15));
                    continue;
                }
                boolean better = row.higherIsBetter() ? r >= 1 : r <= 1;
                double end = x0 + Math.min(r, scaleMax) * (panelW - 20) / scaleMax;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%.2f</text>%n",
                        (double) x0, y + 4, Math.max(1, end - x0), rowH - 8, better ? "#2ca02c" : "#d62728", end + 3, y + 15, r));
            }
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>%n",
                    one, top - 4, one, top + rowH * rows.size())); // 1.0 over the bars
        }
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s%s</text>%n",
                    labelW - 8, top + i * rowH + 15, esc(row.tag()), row.higherIsBetter() ? " (higher better)" : ""));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
        SvgChart commonCores = new SvgChart("Request-reply: server cores at the common rate", "clients x in flight", "cores").bars();
        SvgChart roomJoins = new SvgChart("Big room: joins/s while it fills", "members", "joins/s").bars();
        SvgChart roomMemory = new SvgChart("Big room: heap and RSS per idle member", "", "KiB").bars();
        SvgChart roomAll = new SvgChart("Big room: ms until all have a broadcast (median)", "members", "ms").bars();
        SvgChart roomCpu = new SvgChart("Big room: server CPU per delivery", "members", "us").bars();
        SvgChart storm = new SvgChart("Presence join storm: frames per member", "members, presence mode", "frames").bars();
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
                    commonCores.point(series, clients(l), num(l, "cpu.serverCores"));
                }
            }
            for (JsonObject l : of(lines, "big-room")) {
                if (target.equals(text(l, "target")) && !Double.isNaN(num(l, "joinsPerSec"))) {
                    roomJoins.point(series, roomMembers(l), num(l, "joinsPerSec"));
                    roomMemory.point(series, "heap " + roomMembers(l), num(l, "heapBytesPerConnection") / 1024);
                    roomMemory.point(series, "RSS " + roomMembers(l), num(l, "rssBytesPerConnection") / 1024);
                    roomAll.point(series, roomMembers(l), num(l, "broadcast.allDeliveredMs.medianMs"));
                    roomCpu.point(series, roomMembers(l), num(l, "broadcast.serverCpuMicrosPerDelivery"));
                }
            }
            for (JsonObject l : of(lines, "presence-storm")) {
                if (target.equals(text(l, "target"))) {
                    storm.point(series, stormSize(l), num(l, "framesPerMember"));
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
        for (SvgChart c : List.of(fanout, fanoutCpu, rr, rrCpu, p99, commonP99, commonCores, heap, roomJoins, roomMemory,
                roomAll, roomCpu, storm)) {
            if (!c.isEmpty()) {
                charts.add(c);
            }
        }
        return SvgChart.document(charts, 520, 360, 2);
    }
}
