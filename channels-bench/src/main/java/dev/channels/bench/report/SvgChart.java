package dev.channels.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small chart written as SVG text: categorical x axis, linear y axis from 0, one line (or, with
 * {@link #bars()}, one bar per category) per series, legend and title. Plain Java, no dependencies.
 */
final class SvgChart {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories = new ArrayList<>();
    private final Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    private boolean bars;

    SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Draws grouped bars instead of lines. */
    SvgChart bars() {
        this.bars = true;
        return this;
    }

    /** Adds point {@code (category, value)} to {@code seriesName}. */
    void point(String seriesName, String category, double value) {
        if (!categories.contains(category)) {
            categories.add(category);
        }
        series.computeIfAbsent(seriesName, s -> new LinkedHashMap<>()).put(category, value);
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    /** The chart as an SVG group of {@code width x height} placed at {@code (x, y)}. */
    String render(int x, int y, int width, int height) {
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
        int left = 70;
        int right = 20;
        int top = bars ? 62 : 40; // bars: the legend is one row under the title, clear of the bars
        int bottom = 50;
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        double max = series.values().stream().flatMap(m -> m.values().stream()).mapToDouble(d -> d)
                .filter(d -> !Double.isNaN(d)).max().orElse(1);
        double step = niceStep(max / 5);
        double yMax = Math.max(step, Math.ceil(max / step) * step);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n", x, y));
        s.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\">%s</text>%n",
                width / 2, esc(title)));
        for (double v = 0; v <= yMax + step / 2; v += step) {
            double py = top + plotH - v / yMax * plotH;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                    left, py, left + plotW, py, left - 6, py + 4, number(v)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>%n",
                left, top + plotH, left + plotW, top + plotH));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>%n",
                left, top, left, top + plotH));
        for (int i = 0; i < categories.size(); i++) {
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                    px(i, left, plotW), top + plotH + 18, esc(categories.get(i))));
        }
        s.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                left + plotW / 2, top + plotH + 40, esc(xLabel)));
        s.append(String.format(Locale.ROOT,
                "<text transform=\"translate(14,%d) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                top + plotH / 2, esc(yLabel)));
        int n = 0;
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            String colour = colours[n % colours.length];
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < categories.size(); i++) {
                Double v = e.getValue().get(categories.get(i));
                if (v == null || v.isNaN()) {
                    continue;
                }
                if (bars) {
                    double group = 0.8 * plotW / Math.max(1, categories.size());
                    double barW = group / series.size();
                    double bx = px(i, left, plotW) - group / 2 + n * barW;
                    double by = top + plotH - v / yMax * plotH;
                    s.append(String.format(Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
                                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\" text-anchor=\"middle\">%s</text>%n",
                            bx + 1, by, Math.max(1, barW - 2), top + plotH - by, colour, bx + barW / 2, by - 4, colour,
                            number(v)));
                    continue;
                }
                double px = px(i, left, plotW);
                double py = top + plotH - v / yMax * plotH;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                s.append(String.format(Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\" text-anchor=\"middle\">%s</text>%n",
                        px, py, colour, px, py - 8, colour, number(v)));
            }
            if (!bars) {
                s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                        path, colour));
            }
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n",
                    legendX(n, left, plotW), legendY(n, top), colour, legendX(n, left, plotW) + 18, legendY(n, top) + 10,
                    esc(e.getKey())));
            n++;
        }
        s.append("</g>\n");
        return s.toString();
    }

    private int legendX(int n, int left, int plotW) {
        return bars ? left + n * plotW / Math.max(1, series.size()) : left + 10;
    }

    private int legendY(int n, int top) {
        return bars ? 30 : top + 6 + 18 * n;
    }

    private double px(int i, int left, int plotW) {
        return left + (i + 0.5) * plotW / Math.max(1, categories.size());
    }

    /** Several charts side by side in one SVG document. */
    static String document(List<SvgChart> charts, int width, int height) {
        return document(charts, width, height, Math.max(1, charts.size()));
    }

    /** Several charts in a grid of {@code columns} in one SVG document. */
    static String document(List<SvgChart> charts, int width, int height, int columns) {
        int rows = (charts.size() + columns - 1) / columns;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>%n",
                width * Math.min(columns, charts.size()), height * rows));
        for (int i = 0; i < charts.size(); i++) {
            s.append(charts.get(i).render(i % columns * width, i / columns * height, width, height));
        }
        return s.append("</svg>\n").toString();
    }

    private static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String number(double v) {
        if (Math.abs(v) >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", v / 1_000_000);
        }
        if (Math.abs(v) >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
