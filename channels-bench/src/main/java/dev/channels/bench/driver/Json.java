package dev.channels.bench.driver;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tiny JSON writer and flat-object reader for the driver's result lines and admin replies. */
final class Json {

    private Json() {
    }

    /** Writes maps, numbers, booleans, strings and null; nested maps become objects. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof java.util.Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else if (value instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : String.format(java.util.Locale.ROOT, "%.4f", d));
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            writeString(out, value.toString());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Reads a flat JSON object whose values are integers (the admin endpoint's replies). */
    static Map<String, Long> readLongs(String json) {
        Map<String, Long> values = new LinkedHashMap<>();
        String body = json.trim();
        body = body.substring(1, body.length() - 1).trim();
        if (body.isEmpty()) {
            return values;
        }
        for (String pair : body.split(",")) {
            int colon = pair.indexOf(':');
            String key = pair.substring(0, colon).trim();
            values.put(key.substring(1, key.length() - 1), Long.parseLong(pair.substring(colon + 1).trim()));
        }
        return values;
    }
}
