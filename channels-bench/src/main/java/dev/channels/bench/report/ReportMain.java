package dev.channels.bench.report;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the benchmark report from the driver's result lines and JMH's JSON results.
 *
 * <p>Usage: {@code ReportMain --results results.jsonl [--jmh jmh.json] [--machine machine.txt]
 * --out-dir DIR [--readme README.md]}. Writes {@code DIR/RESULTS.md} (all tables) and
 * {@code DIR/fanout.svg} (deliveries/s and p99 against members), {@code DIR/comparison.svg} (before, after,
 * raw and Socket.IO side by side) and, when the run has a before or a Socket.IO target, {@code DIR/ratios.svg}
 * (after / before and ours / Socket.IO per figure); with {@code --readme}, replaces the
 * text between {@code <!-- RESULTS:BEGIN -->} and {@code <!-- RESULTS:END -->} in that file with the tables
 * ({@code --section ISSUE23}: between {@code <!-- ISSUE23:BEGIN -->} and {@code <!-- ISSUE23:END -->}).
 */
public final class ReportMain {

    static final String BEGIN = "<!-- RESULTS:BEGIN -->";
    static final String END = "<!-- RESULTS:END -->";

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        Path results = null;
        Path jmh = null;
        Path machine = null;
        Path outDir = null;
        Path readme = null;
        String section = "RESULTS";
        for (int i = 0; i < args.length; i += 2) {
            if ("--section".equals(args[i])) {
                section = args[i + 1];
                continue;
            }
            Path value = Path.of(args[i + 1]);
            switch (args[i]) {
                case "--results":
                    results = value;
                    break;
                case "--jmh":
                    jmh = value;
                    break;
                case "--machine":
                    machine = value;
                    break;
                case "--out-dir":
                    outDir = value;
                    break;
                case "--readme":
                    readme = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (results == null || outDir == null) {
            throw new IllegalArgumentException("usage: --results FILE --out-dir DIR [--jmh FILE] [--machine FILE] [--readme FILE] "
                    + "[--section NAME]");
        }
        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                lines.add(parse(line).asJsonObject());
            }
        }
        JsonArray jmhResults = jmh != null && Files.exists(jmh)
                ? parse(Files.readString(jmh)).asJsonArray() : JsonValue.EMPTY_JSON_ARRAY;
        String machineText = machine != null && Files.exists(machine) ? Files.readString(machine).trim() : "";
        Files.createDirectories(outDir);
        String tables = Tables.all(lines, jmhResults, machineText);
        Files.writeString(outDir.resolve("RESULTS.md"), "# channels benchmark results\n\n" + tables);
        Files.writeString(outDir.resolve("fanout.svg"), Tables.fanoutChart(lines));
        Files.writeString(outDir.resolve("comparison.svg"), Comparison.chart(lines));
        String ratios = Comparison.ratioChart(lines);
        if (!ratios.isEmpty()) {
            Files.writeString(outDir.resolve("ratios.svg"), ratios);
        }
        if (readme != null) {
            String begin = BEGIN.replace("RESULTS", section);
            String end = END.replace("RESULTS", section);
            String text = Files.readString(readme);
            int b = text.indexOf(begin);
            int e = text.indexOf(end);
            if (b < 0 || e < b) {
                throw new IllegalStateException(readme + " has no " + begin + " ... " + end + " section");
            }
            Files.writeString(readme, text.substring(0, b + begin.length()) + "\n" + tables + "\n" + text.substring(e));
        }
    }

    private static JsonValue parse(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }

    /** The number at {@code path} (keys separated by dots), or NaN. */
    static double num(JsonObject o, String path) {
        JsonValue v = o;
        for (String key : path.split("\\.")) {
            if (!(v instanceof JsonObject obj) || !obj.containsKey(key)) {
                return Double.NaN;
            }
            v = obj.get(key);
        }
        return v instanceof JsonNumber n ? n.doubleValue() : Double.NaN;
    }

    /** The text at {@code key} (strings and booleans), or "". */
    static String text(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null) {
            return "";
        }
        if (v.getValueType() == JsonValue.ValueType.STRING) {
            return o.getString(key);
        }
        return v.toString();
    }

    static String fmt(double v, String pattern) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, pattern, v);
    }
}
